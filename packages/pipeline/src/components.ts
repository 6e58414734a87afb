import type {
  AttentionTools,
  EncoderOutput,
  NBest,
  Posteriors,
  PronunciationLexicon,
  StageInstance,
  StageOptions,
  Tokenizer,
  TokenScorer,
  Vocabulary,
} from '@ctcbias/core';
import type { PipelineParams } from './params.js';
import type { StageRegistry } from './registry.js';

/**
 * Decoded audio: mono samples at the encoder's rate, and what the file held when it was
 * converted (`@ctcbias/encoder`'s `DecodedAudio.source`).
 *
 * ```ts
 * { samples: Float32Array(48000), source: { sampleRate: 44100, channels: 2, encoding: 'pcm16' } }
 * ```
 */
export interface AudioInput {
  readonly samples: Float32Array;
  readonly source?: {
    readonly sampleRate: number;
    readonly channels: number;
    readonly encoding: string;
  };
}

/**
 * Audio → encoder output: what `@ctcbias/encoder` provides (feature extraction + the ONNX CTC
 * model). `readAudio` decodes a WAV file to mono float samples at `sampleRate` (any rate and
 * channel count: resampled, channels averaged).
 */
export interface AudioEncoder {
  readonly sampleRate: number;
  readAudio(path: string): Promise<AudioInput>;
  encode(samples: Float32Array): Promise<EncoderOutput>;
}

/** CTC prefix beam search with token scorers: what `@ctcbias/beam` provides. */
export interface BeamDecoder {
  decode(
    posteriors: Posteriors,
    vocabulary: Vocabulary,
    scorers: readonly TokenScorer<unknown>[],
    params: PipelineParams['beam'],
  ): NBest;
}

/**
 * Builds each loaded stage's object from its option values (`params[stage]`), by stage name —
 * the `create` of each `LoadedStage` (core); the pipeline calls it whenever params change, so it
 * should be cheap (the models were loaded once).
 */
export type StageProviders = { readonly [stage: string]: (options: StageOptions) => StageInstance };

/**
 * Everything the joint pipeline is composed of. The heavy parts (models) are loaded once; the
 * stages are built from `stages[name](params[name])` whenever params change; the registry says
 * where each stage acts. `unavailable` says why a stage has no provider (it was not loaded, or the
 * model has no phone head), and is quoted in the error when that stage is asked for.
 *
 * ```ts
 * const components: PipelineComponents = {
 *   vocabulary, tokenizer, encoder, decoder,
 *   pronunciations: lexicon,           // CMUdict + g2p, for entries without pronunciations
 *   stages: { boost: (o) => scorerCompiler('boost', (l, v) => compileEntityBooster(l, v, { boost: o })) },
 *   unavailable: { adapter: 'no adapter directory given' },
 * };
 * ```
 */
export interface PipelineComponents {
  /** The model's output symbols (posterior columns). */
  readonly vocabulary: Vocabulary;
  /**
   * Tokenizes list entries exactly as the model was trained (its vocabulary must equal
   * `vocabulary`). Without one, only an empty list can be used.
   */
  readonly tokenizer?: Tokenizer;
  readonly encoder: AudioEncoder;
  readonly decoder: BeamDecoder;
  /** Pronunciations of words (dictionary + g2p) for entries that have none. */
  readonly pronunciations?: PronunciationLexicon;
  readonly stages: StageProviders;
  /** Where each stage acts (default: the default registry, with every registered plugin). */
  readonly registry?: StageRegistry;
  /** The attention of an encoder transform (the adapter), when it provides one. */
  readonly attention?: AttentionTools;
  readonly unavailable?: { readonly [stage: string]: string };
}
