import { CtcBiasError, isCtcBiasError } from '@ctcbias/core';
import { formatStages, type UtteranceJob, type UtteranceResult } from '@ctcbias/pipeline';
import type { ParsedOptions } from '../args.js';
import { UsageError } from '../args.js';
import { type JobFailure, runBatch, runBatchKeepGoing } from '../batch.js';
import {
  batchRunner,
  type CliEnv,
  commandContext,
  EMPTY_LIST,
  idsFromPaths,
  requireFiles,
  resolvePath,
} from '../context.js';
import { explainLines, transcriptionJson } from '../format.js';
import { prepareOutputDir } from '../outputs.js';

/**
 * `ctcbias transcribe <wav...>`: prints transcripts (or JSON), optionally saves posteriors /
 * heatmaps. Output directories are checked before decoding. A file that fails is reported on
 * stderr and skipped; the others are printed, and the exit status is 1 (`--fail-fast` stops at
 * the first failure instead).
 */
export async function transcribeCommand(
  env: CliEnv,
  o: ParsedOptions,
  wavs: readonly string[],
): Promise<number> {
  const ctx = await commandContext(env, o);
  if (o.heatmap !== undefined && !ctx.stages.includes('adapter')) {
    throw new UsageError(
      '--heatmap needs the adapter stage (--stages all, or include adapter)',
      'transcribe',
    );
  }
  const paths = wavs.map((w) => resolvePath(env, w));
  const list = ctx.list ?? EMPTY_LIST;
  const ids = idsFromPaths(paths);
  const force = o.force === true;
  const posteriorsDir =
    o['save-posteriors'] === undefined
      ? undefined
      : await prepareOutputDir(
          resolvePath(env, o['save-posteriors']),
          [...ids.map((id) => `${id}.f32`), 'vocab.json'],
          force,
        );
  const heatmapDir =
    o.heatmap === undefined
      ? undefined
      : await prepareOutputDir(
          resolvePath(env, o.heatmap),
          ids.map((id) => `${id}.heatmap.svg`),
          force,
        );
  // one file: nothing to go on with, so its error is the command's
  const failFast = o['fail-fast'] === true || paths.length === 1;
  if (failFast) requireFiles(paths.map((path) => ({ path })));
  const jobs: UtteranceJob[] = paths.map((audio, i) => ({
    id: ids[i] as string,
    audio,
    configs: [ctx.stages],
    keepPosteriors: posteriorsDir !== undefined,
    heatmap: heatmapDir !== undefined,
  }));
  const runner = await batchRunner(env, o, ctx, ctx.stages, list, jobs.length);
  const outcomes = failFast
    ? await runBatch(jobs, list, runner, env.stderr)
    : await runBatchKeepGoing(jobs, list, runner, env.stderr);
  const results = outcomes.filter((r): r is UtteranceResult => !('error' in r));
  const failures = outcomes.filter((r): r is JobFailure => 'error' in r);

  if (posteriorsDir !== undefined) {
    for (const r of results) {
      const p = r.outputs[0]?.posteriors;
      if (p === undefined) throw new CtcBiasError('INTERNAL', `no posteriors kept for ${r.id}`);
      const bytes = new Uint8Array(p.logProbs.buffer, p.logProbs.byteOffset, p.logProbs.byteLength);
      await posteriorsDir.write(`${r.id}.f32`, bytes);
    }
    const vocab = results[0]?.vocabulary;
    if (vocab) {
      await posteriorsDir.write(
        'vocab.json',
        `${JSON.stringify({ tokens: vocab.tokens, blank: vocab.blank })}\n`,
      );
    }
  }
  if (heatmapDir !== undefined) {
    for (const r of results) {
      const svg = r.outputs[0]?.heatmapSvg;
      if (svg === undefined) {
        env.stderr.write(`ctcbias: no adapter attention for ${r.id} (empty list?)\n`);
      } else {
        await heatmapDir.write(`${r.id}.heatmap.svg`, svg);
      }
    }
  }

  for (const f of failures) {
    const reason = isCtcBiasError(f.error) ? f.error.message : `${f.audio}: ${f.error.message}`;
    env.stderr.write(`ctcbias: skipped ${f.id}: ${reason}\n`);
  }
  if (o.json) {
    const entryText = (e: number) => list.entries[e]?.text;
    const json = results.map((r) =>
      transcriptionJson(
        r,
        r.outputs[0] as NonNullable<(typeof r.outputs)[0]>,
        r.frameShiftSec,
        entryText,
      ),
    );
    env.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const r of results) {
      const text = r.outputs[0]?.text ?? '';
      env.stdout.write(paths.length === 1 ? `${text}\n` : `${r.id}\t${text}\n`);
      const out = r.outputs[0];
      if (o.explain && out !== undefined) {
        env.stdout.write(`${explainLines(r, out, formatStages(out.stages, '+')).join('\n')}\n`);
      }
    }
  }
  if (failures.length > 0) {
    env.stderr.write(
      `ctcbias: ${failures.length} of ${paths.length} file(s) failed; the others are above\n`,
    );
    return 1;
  }
  return 0;
}
