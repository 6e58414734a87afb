import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BiasingList, CtcBiasError, createBiasingList } from '@ctcbias/core';
import { readBiasingListFile } from '@ctcbias/core/node';
import type { JointPipeline } from '@ctcbias/pipeline';
import {
  applyParamOverride,
  importPlugins,
  type PipelineParams,
  parseStages,
  resolveParams,
  type StageSet,
} from '@ctcbias/pipeline';
import {
  type CreatePipelineOptions,
  createPipeline,
  type PipelineSpec,
} from '@ctcbias/pipeline/node';
import { type ParsedOptions, positiveIntOption, UsageError } from './args.js';
import type { BatchRunner } from './batch.js';
import type { ProgressStream } from './progress.js';
import { defaultWorkerCount } from './worker-pool.js';

/** What the CLI talks to; tests pass their own streams and pipeline loader. */
export interface CliEnv {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: ProgressStream;
  /** Directory relative paths are resolved against (pnpm's INIT_CWD when run via `pnpm ctcbias`). */
  readonly cwd: string;
  /**
   * Builds the pipeline. Default: {@link createPipeline} (loads the models); only then can
   * batches run on worker threads, which rebuild it from the same spec.
   */
  readonly loadPipeline?: (options: CreatePipelineOptions) => Promise<JointPipeline>;
}

/** The options every decoding command shares, resolved. */
export interface CommandContext {
  readonly stages: StageSet;
  readonly params: PipelineParams;
  readonly spec: PipelineSpec;
  /** The `--list` file, or undefined. */
  readonly listFile: string | undefined;
  readonly list: BiasingList | undefined;
}

/** `path` relative to the working directory when it lies below it, else absolute (for messages). */
export function displayPath(env: CliEnv, path: string): string {
  const rel = relative(env.cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Resolves `path` against the CLI's working directory. */
export function resolvePath(env: CliEnv, path: string): string {
  return isAbsolute(path) ? path : resolve(env.cwd, path);
}

/**
 * Imports the `--plugin` modules (their stages join the default registry), then parses
 * --stages, --set, --bias-threshold, --bias-margin, --model/--adapter/--lm and reads --list.
 */
export async function commandContext(env: CliEnv, o: ParsedOptions): Promise<CommandContext> {
  const plugins = await loadPlugins(env, o);
  const stages = parseStages(o.stages ?? 'all');
  let params = resolveParams();
  for (const assignment of o.set ?? []) params = applyParamOverride(params, assignment);
  if (o['bias-threshold'] !== undefined) {
    params = applyParamOverride(params, `accept.threshold=${o['bias-threshold']}`);
  }
  if (o['bias-margin'] !== undefined) {
    params = applyParamOverride(params, `accept.margin=${o['bias-margin']}`);
  }
  const spec: { -readonly [K in keyof PipelineSpec]: PipelineSpec[K] } = { params };
  if (plugins.length > 0) spec.plugins = plugins;
  const files = stageFiles(env, o.file ?? []);
  if (files.lm !== undefined && o.lm !== undefined)
    throw new UsageError('--lm and --file lm= both given');
  if (files.adapter !== undefined && o.adapter !== undefined) {
    throw new UsageError('--adapter and --file adapter= both given');
  }
  if (Object.keys(files).length > 0) spec.files = files;
  if (o.model !== undefined) spec.modelDir = resolvePath(env, o.model);
  if (o.adapter !== undefined) spec.adapterDir = resolvePath(env, o.adapter);
  if (o.lm !== undefined) spec.lm = resolvePath(env, o.lm);
  const listFile = o.list === undefined ? undefined : resolvePath(env, o.list);
  const list = listFile === undefined ? undefined : await readBiasingListFile(listFile);
  return { stages, params, spec, listFile, list };
}

/** `--file STAGE=PATH` assignments as `files` (paths resolved); a usage error names a bad one. */
function stageFiles(env: CliEnv, assignments: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const a of assignments) {
    const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(a);
    if (m === null) {
      throw new UsageError(`--file takes STAGE=PATH (e.g. --file lm=my.arpa), got "${a}"`);
    }
    const [, stage = '', path = ''] = m;
    if (files[stage] !== undefined) throw new UsageError(`--file ${stage}= given twice`);
    files[stage] = resolvePath(env, path);
  }
  return files;
}

/**
 * Chooses how to run `jobCount` utterances: worker threads (default min(files, cores), or
 * `--workers N`) when the default loader is used and there is more than one; else this thread.
 */
export async function batchRunner(
  env: CliEnv,
  o: ParsedOptions,
  ctx: CommandContext,
  stages: StageSet,
  list: BiasingList,
  jobCount: number,
): Promise<BatchRunner> {
  const workers = positiveIntOption('workers', o.workers, defaultWorkerCount(jobCount));
  if (env.loadPipeline !== undefined || workers <= 1 || jobCount <= 1) {
    const load = env.loadPipeline ?? createPipeline;
    return { kind: 'local', pipeline: await load({ ...ctx.spec, stages }) };
  }
  const { availableParallelism } = await import('node:os');
  const threads = Math.max(1, Math.floor(availableParallelism() / workers));
  return {
    kind: 'workers',
    workers,
    init: { spec: { ...ctx.spec, threads }, stages, list },
  };
}

/**
 * Imports each `--plugin` module into the default registry and returns their specifiers as
 * `import()` takes them (so worker threads import the same modules): a path (`./x.js`, `/a/b.ts`,
 * anything with a slash or a script extension) becomes a file URL, resolved against the working
 * directory; a package name is resolved from the working directory too.
 */
export async function loadPlugins(env: CliEnv, o: ParsedOptions): Promise<string[]> {
  const specifiers = (o.plugin ?? []).map((p) => pluginSpecifier(env, p));
  await importPlugins(specifiers);
  return specifiers;
}

function pluginSpecifier(env: CliEnv, plugin: string): string {
  const looksLikePath =
    plugin.startsWith('.') || isAbsolute(plugin) || /\.[cm]?[jt]s$/.test(plugin);
  if (looksLikePath) {
    const path = resolvePath(env, plugin);
    if (!existsSync(path))
      throw new CtcBiasError('NOT_FOUND', 'no such plugin file', { file: path });
    return pathToFileURL(path).href;
  }
  try {
    return pathToFileURL(createRequire(join(env.cwd, 'package.json')).resolve(plugin)).href;
  } catch {
    return plugin; // an ESM-only package without a require condition: let import() resolve it
  }
}

/** Throws NOT_FOUND naming each missing input file (and the manifest line it came from). */
export function requireFiles(
  files: readonly { path: string; from?: { file: string; line: number } }[],
): void {
  for (const f of files) {
    if (!existsSync(f.path)) {
      throw new CtcBiasError(
        'NOT_FOUND',
        f.from ? 'audio file not found' : 'no such file',
        f.from ? { file: f.from.file, line: f.from.line, value: f.path } : { file: f.path },
      );
    }
  }
}

/** Unique ids from file names: `a.wav`, `x/a.wav` → `a`, `a-2`. */
export function idsFromPaths(paths: readonly string[]): string[] {
  const used = new Map<string, number>();
  return paths.map((p) => {
    const base = basename(p, extname(p)) || 'audio';
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/** An empty list (when no --list is given). */
export const EMPTY_LIST: BiasingList = createBiasingList([]);
