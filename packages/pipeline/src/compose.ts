import { beamSearch } from '@ctcbias/beam';
import {
  type AttentionTools,
  CtcBiasError,
  isCtcBiasError,
  type PronunciationLexicon,
  type ReadBytes,
  SentencePieceTokenizer,
  type StageEnvironment,
  type StageInstance,
  type StageOptions,
  type Tokenizer,
} from '@ctcbias/core';
import type { Encoder } from '@ctcbias/encoder';
import type {
  AudioEncoder,
  AudioInput,
  BeamDecoder,
  PipelineComponents,
  StageProviders,
} from './components.js';
import { filePath } from './file-path.js';
import { type StageRegistry, stageRegistry } from './registry.js';
import type { StageSet } from './stage-set.js';

/**
 * What {@link composeComponents} builds a pipeline's components from — the loaded encoder plus
 * how to read files on this platform. `@ctcbias/pipeline/node`'s `createPipeline` and the
 * browser's `createPipelineFrom` each fill it their way.
 */
export interface ComponentSources {
  readonly encoder: Encoder;
  /** The model's tokenizer, if it has one (lists need one). */
  readonly tokenizer?: Tokenizer;
  /** Decodes an audio file by path or URL to mono samples at the encoder's rate. */
  readonly readAudio: (path: string) => Promise<AudioInput>;
  /** Reads the stages' files (`files[stage]`). */
  readonly read: ReadBytes;
  /** Each stage's file or directory, by stage name. */
  readonly files: { readonly [stage: string]: string };
  /** The shared pronunciation lexicon (CMUdict + g2p), loaded on first use. */
  readonly pronunciations: () => Promise<PronunciationLexicon | undefined>;
  /** Where the model came from (for messages). */
  readonly model: string;
  readonly threads?: number;
  readonly backend?: 'node' | 'web';
}

/**
 * Loads each requested stage through its registry entry's `load` and assembles the pipeline's
 * components. Stages not requested, or that cannot run on this model, are listed in
 * `unavailable` with the reason.
 */
export async function composeComponents(
  sources: ComponentSources,
  stages: StageSet,
  registry: StageRegistry = stageRegistry,
): Promise<PipelineComponents> {
  const { encoder, tokenizer } = sources;
  let lexicon: Promise<PronunciationLexicon | undefined> | undefined;
  const pronunciations = () => {
    lexicon ??= sources.pronunciations();
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
    const file = sources.files[stage.name];
    const env: StageEnvironment = {
      vocabulary: encoder.vocabulary,
      model: sources.model,
      read: sources.read,
      pronunciations,
      ...(tokenizer ? { tokenizer } : {}),
      ...(encoder.phoneSymbols ? { phoneSymbols: encoder.phoneSymbols } : {}),
      ...(file !== undefined ? { file } : {}),
      ...(sources.threads !== undefined ? { threads: sources.threads } : {}),
      ...(sources.backend !== undefined ? { backend: sources.backend } : {}),
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
  const audio: AudioEncoder = {
    sampleRate: encoder.sampleRate,
    readAudio: sources.readAudio,
    encode: (samples) => encoder.encode(samples),
  };
  const components: {
    -readonly [K in keyof PipelineComponents]: PipelineComponents[K];
  } = {
    vocabulary: encoder.vocabulary,
    encoder: audio,
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

/**
 * The model's SentencePiece tokenizer (`tokenizer` in model.json, default `tokenizer.model`),
 * read through `read` from `modelDir`, or undefined when the model has none (then only an empty
 * list can be used). MODEL_ERROR when its pieces differ from the model's vocabulary.
 */
export async function loadModelTokenizer(
  read: ReadBytes,
  modelDir: string,
  encoder: Encoder,
  configFile: string = filePath(modelDir, 'model.json'),
): Promise<Tokenizer | undefined> {
  let name = 'tokenizer.model';
  try {
    const json = JSON.parse(new TextDecoder().decode(await read(configFile)));
    if (typeof json?.tokenizer === 'string') name = json.tokenizer;
  } catch {
    // the config was validated when the model loaded (or given in memory): use the default name
  }
  const path = filePath(modelDir, name);
  let bytes: Uint8Array;
  try {
    bytes = await read(path);
  } catch (e) {
    if (isCtcBiasError(e) && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
  const tokenizer = SentencePieceTokenizer.fromBytes(bytes, {
    blank: encoder.vocabulary.blank,
    file: path,
  });
  const a = tokenizer.vocabulary.tokens;
  const b = encoder.vocabulary.tokens;
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
