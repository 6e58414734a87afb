import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ADAPTER_DIR } from '@ctcbias/adapter/node';
import { beamSearch } from '@ctcbias/beam';
import {
  type AttentionTools,
  CtcBiasError,
  type PronunciationLexicon,
  type StageEnvironment,
  type StageInstance,
  type StageOptions,
  type Tokenizer,
} from '@ctcbias/core';
import { loadSentencePieceTokenizer } from '@ctcbias/core/node';
import { DEFAULT_MODEL_DIR, type Encoder, loadModel, readWav } from '@ctcbias/encoder';
import { loadCmuLexicon } from '@ctcbias/g2g';
import type {
  AudioEncoder,
  BeamDecoder,
  PipelineComponents,
  StageProviders,
} from './components.js';
import { JointPipeline } from './joint-pipeline.js';
import { type PipelineParamsInput, resolveParams } from './params.js';
import { type StageRegistry, stageRegistry } from './registry.js';
import { parseStages, type StageSet } from './stage-set.js';

export { DEFAULT_ADAPTER_DIR, DEFAULT_MODEL_DIR };

/**
 * Where the pipeline's models come from — plain data, so worker threads can rebuild the same
 * pipeline from it.
 */
export interface PipelineSpec {
  /** CTC model directory (`model.json`, `model.onnx`, `tokens.json`, `tokenizer.model`); default: the embedded model. */
  readonly modelDir?: string;
  /** Contextual adapter directory (`adapter.json` + graphs); default: the embedded adapter. */
  readonly adapterDir?: string;
  /** n-gram LM: `.arpa` (text) or the binary format of @ctcbias/lm-boost; default: its embedded LM. */
  readonly lm?: string;
  /**
   * Files for other stages by stage name (a plugin's table, say), handed to the stage's `load` as
   * `env.file`; `lm` and `adapterDir` above are `files.lm` and `files.adapter`.
   */
  readonly files?: { readonly [stage: string]: string };
  /**
   * Modules to import before the stages are looked up (`--plugin`): each registers its stages
   * (`registerStage`) or default-exports a stage or an array of stages. Plain strings, so worker
   * threads import the same ones.
   */
  readonly plugins?: readonly string[];
  readonly params?: PipelineParamsInput;
  /** onnxruntime intra-op threads per session (set when several workers share the cores). */
  readonly threads?: number;
}

/** Options of {@link createPipeline}: a {@link PipelineSpec} plus the stages to enable. */
export interface CreatePipelineOptions extends PipelineSpec {
  /** A stage set, or a `--stages` string (`all`, `none`, `boost,lm`, …). */
  readonly stages: StageSet | string;
  /** The registry to read stages from (default: the default registry, with every registered plugin). */
  readonly registry?: StageRegistry;
}

/**
 * Loads the models and builds the joint pipeline.
 *
 * ```ts
 * const pipeline = await createPipeline({ stages: 'all' });         // embedded model + adapter + LM
 * const r = await pipeline.transcribe('call.wav', ['gorovitz', 'ibuprofen']);
 * r.text;   // 'call doctor gorovitz about the ibuprofen'
 * const plain = pipeline.withStages([]);                             // same models, no biasing
 * ```
 *
 * Throws MODEL_ERROR when the default model is not embedded (pass `modelDir`), and UNSUPPORTED
 * when an enabled stage cannot run (e.g. the model has no phone head), with the reason.
 */
export async function createPipeline(options: CreatePipelineOptions): Promise<JointPipeline> {
  const registry = options.registry ?? stageRegistry;
  await importPlugins(options.plugins ?? [], registry);
  const stages =
    typeof options.stages === 'string' ? parseStages(options.stages, registry) : options.stages;
  const params = resolveParams(options.params, registry);
  const components = await loadComponents(options, stages, registry);
  return new JointPipeline(components, { stages, params });
}

/**
 * Imports each plugin module and registers what it default-exports (a stage, or an array of
 * stages) in `registry`; a module that registers itself (`registerStage`) may export nothing, but
 * a module that does neither is refused (INVALID_ARGUMENT: it is most likely not a plugin).
 * Module specifiers are resolved as `import()` resolves them (file URLs and package names); a
 * module already imported into this registry is skipped.
 */
export async function importPlugins(
  modules: readonly string[],
  registry: StageRegistry = stageRegistry,
): Promise<void> {
  let done = imported.get(registry);
  if (done === undefined) {
    done = new Set();
    imported.set(registry, done);
  }
  for (const specifier of modules) {
    if (done.has(specifier)) continue;
    const before = registry.names().length;
    let mod: { default?: unknown };
    try {
      mod = (await import(specifier)) as { default?: unknown };
    } catch (e) {
      throw new CtcBiasError(
        'NOT_FOUND',
        `cannot import plugin: ${e instanceof Error ? e.message : String(e)}`,
        { file: specifier },
      );
    }
    const exported = mod.default;
    if (exported !== undefined) {
      for (const stage of Array.isArray(exported) ? exported : [exported]) registry.register(stage);
    } else if (registry.names().length === before) {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        'plugin registered no stage: default-export a stage (or an array of stages), or call registerStage()',
        { file: specifier },
      );
    }
    done.add(specifier);
  }
}

/** The plugin modules each registry has imported. */
const imported = new WeakMap<StageRegistry, Set<string>>();

/** True when the embedded default model is present (`model.onnx` in `DEFAULT_MODEL_DIR`). */
export function defaultModelEmbedded(): boolean {
  return existsSync(join(DEFAULT_MODEL_DIR, 'model.onnx'));
}

/** Stages `components` can build, in pipeline order. */
export function availableStages(components: PipelineComponents): StageSet {
  const registry = components.registry ?? stageRegistry;
  return registry.names().filter((s) => components.stages[s] !== undefined);
}

/**
 * Loads what the `stages` need: the encoder and tokenizer (if the model has one) always, then
 * each requested stage through its registry entry's `load` (the LM for `lm`, the adapter for
 * `adapter`, CMUdict + the g2p table for `g2g`, `phonetic`, `lexicon`, shared). Stages that were
 * not requested or cannot run on this model are listed in `unavailable` with the reason.
 */
export async function loadComponents(
  spec: PipelineSpec,
  stages: StageSet,
  registry: StageRegistry = stageRegistry,
): Promise<PipelineComponents> {
  const modelDir = spec.modelDir ?? DEFAULT_MODEL_DIR;
  if (spec.modelDir === undefined && !defaultModelEmbedded()) {
    throw new CtcBiasError(
      'MODEL_ERROR',
      'the default model is not embedded in this checkout yet (no model.onnx); pass --model DIR (a directory with model.json)',
      { file: DEFAULT_MODEL_DIR },
    );
  }
  const sessionOptions =
    spec.threads !== undefined
      ? { intraOpNumThreads: spec.threads, interOpNumThreads: 1 }
      : undefined;
  const model = await loadModel(modelDir, sessionOptions ? { sessionOptions } : {});
  const tokenizer = await loadTokenizer(modelDir, model);
  const files: Record<string, string> = { ...spec.files };
  if (spec.lm !== undefined) files.lm = spec.lm;
  if (spec.adapterDir !== undefined) files.adapter = spec.adapterDir;

  // CMUdict + g2p, loaded once when the first stage asks for it
  let lexicon: Promise<PronunciationLexicon | undefined> | undefined;
  const pronunciations = () => {
    lexicon ??= loadCmuLexicon();
    return lexicon;
  };
  const providers: Record<string, (options: StageOptions) => StageInstance> = {};
  const unavailable: Record<string, string> = {};
  let attention: AttentionTools | undefined;
  const want = new Set(stages);
  for (const stage of registry.stages()) {
    if (!want.has(stage.name)) {
      unavailable[stage.name] = `stage "${stage.name}" was not loaded (not requested)`;
      continue;
    }
    const file = files[stage.name];
    const env: StageEnvironment = {
      vocabulary: model.vocabulary,
      model: modelDir,
      pronunciations,
      ...(tokenizer ? { tokenizer } : {}),
      ...(model.phoneSymbols ? { phoneSymbols: model.phoneSymbols } : {}),
      ...(file !== undefined ? { file } : {}),
      ...(spec.threads !== undefined ? { threads: spec.threads } : {}),
    };
    const loaded = await stage.load(env);
    if ('unavailable' in loaded) {
      unavailable[stage.name] = loaded.unavailable;
      continue;
    }
    providers[stage.name] = memo((o) => loaded.create(o));
    attention ??= loaded.attention;
  }
  const lexiconLoaded = lexicon === undefined ? undefined : await lexicon;

  const components: {
    -readonly [K in keyof PipelineComponents]: PipelineComponents[K];
  } = {
    vocabulary: model.vocabulary,
    encoder: audioEncoder(model),
    decoder: BEAM,
    stages: providers as StageProviders,
    unavailable,
    registry,
  };
  if (tokenizer) components.tokenizer = tokenizer;
  if (attention) components.attention = attention;
  if (lexiconLoaded !== undefined) components.pronunciations = lexiconLoaded;
  return components;
}

/** @ctcbias/beam's prefix beam search as the pipeline's decoder. */
const BEAM: BeamDecoder = {
  decode: (posteriors, vocabulary, scorers, p) =>
    beamSearch(posteriors, vocabulary, {
      beamWidth: p.beamWidth,
      nBest: p.nBest,
      candidatesPerFrame: p.candidatesPerFrame,
      candidateLogProbMargin: p.candidateLogProbMargin,
      ...(p.blankSkipThreshold > 0 ? { blankSkipThreshold: p.blankSkipThreshold } : {}),
      scorers,
    }),
};

function audioEncoder(model: Encoder): AudioEncoder {
  return {
    sampleRate: model.sampleRate,
    readAudio: async (path) => {
      const a = await readWav(path, { sampleRate: model.sampleRate });
      return { samples: a.samples, source: a.source };
    },
    encode: (samples) => model.encode(samples),
  };
}

/** One stage object per options object, so pipelines made by `withStages` share caches. */
function memo<T>(make: (o: StageOptions) => T): (o: StageOptions) => T {
  const cache = new WeakMap<StageOptions, T>();
  return (p) => {
    let v = cache.get(p);
    if (v === undefined) {
      v = make(p);
      cache.set(p, v);
    }
    return v;
  };
}

/**
 * The model's SentencePiece tokenizer (`tokenizer` in model.json, default `tokenizer.model`), or
 * undefined when the model directory has none (then only an empty list can be used).
 */
async function loadTokenizer(modelDir: string, model: Encoder): Promise<Tokenizer | undefined> {
  const configFile = model.files.config ?? join(modelDir, 'model.json');
  let name = 'tokenizer.model';
  try {
    const json = JSON.parse(await readFile(configFile, 'utf8')) as { tokenizer?: unknown };
    if (typeof json.tokenizer === 'string') name = json.tokenizer;
  } catch {
    // loadModel has already validated the config; fall back to the default name.
  }
  const path = join(modelDir, name);
  if (!existsSync(path)) return undefined;
  const tokenizer = await loadSentencePieceTokenizer(path, { blank: model.vocabulary.blank });
  const a = tokenizer.vocabulary.tokens;
  const b = model.vocabulary.tokens;
  if (a.length !== b.length) {
    throw new CtcBiasError(
      'MODEL_ERROR',
      `tokenizer has ${a.length} pieces but the model's vocabulary has ${b.length}`,
      { file: path },
    );
  }
  const differs = a.findIndex((t, i) => t !== b[i]);
  if (differs >= 0) {
    throw new CtcBiasError('MODEL_ERROR', `tokenizer piece ${differs} differs from the model's`, {
      file: path,
      value: [a[differs], b[differs]],
    });
  }
  return tokenizer;
}
