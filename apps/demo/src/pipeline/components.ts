import type {
  BiasingList,
  EncoderOutput,
  EncoderOutputTransform,
  ListExpander,
  NBest,
  NBestRescorer,
  Posteriors,
  PronunciationLexicon,
  StageName,
  Tokenizer,
  TokenScorer,
  TranscriptRewriter,
  Vocabulary,
} from '@ctcbias/core';
import type { PipelineParams } from './params.js';

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
 * A beam-search stage (`boost`, `lm`): compiles a token scorer for one biasing list.
 *
 * ```ts
 * const boost: ScorerStage = {
 *   name: 'boost',
 *   scorerFor: (list, vocabulary) => compileEntityBooster(list, vocabulary, params.boost),
 * };
 * ```
 */
export interface ScorerStage {
  readonly name: string;
  scorerFor(list: BiasingList, vocabulary: Vocabulary): TokenScorer<unknown>;
}

/**
 * Attention of the contextual adapter for one utterance (same shape as @ctcbias/adapter's
 * `AttentionMatrix`): `frames × columns` weights, row-major, each row summing to 1;
 * `labels[0]` is `<no-bias>`, `labels[k + 1]` is entry k.
 */
export interface AttentionMap {
  readonly weights: Float32Array;
  readonly frames: number;
  readonly columns: number;
  readonly labels: readonly string[];
  readonly frameShiftSec: number;
}

/** Reading and drawing the adapter's attention (for `--heatmap`). */
export interface AttentionTools {
  /** The attention an adapter left on its output, if any. */
  attentionOf(output: EncoderOutput): AttentionMap | undefined;
  /** The attention as an SVG heatmap. */
  heatmapSvg(attention: AttentionMap, title: string): string;
}

/** The implementation of each stage, by name. */
export interface StageImplementations {
  readonly g2g: ListExpander;
  readonly adapter: EncoderOutputTransform;
  readonly boost: ScorerStage;
  readonly lm: ScorerStage;
  readonly phonetic: NBestRescorer;
  readonly lexicon: TranscriptRewriter;
}

/** Builds a stage from the params (so that params can change without reloading models). */
export type StageProviders = {
  readonly [K in StageName]?: (params: PipelineParams) => StageImplementations[K];
};

/**
 * Everything the joint pipeline is composed of. The heavy parts (models) are loaded once; the
 * stages are built from `stages[name](params)` whenever params change. `unavailable` says why a
 * stage has no provider (e.g. its package has not landed, or the model has no phone head), and
 * is quoted in the error when that stage is asked for.
 *
 * ```ts
 * const components: PipelineComponents = {
 *   vocabulary, tokenizer, encoder, decoder,
 *   pronunciations: lexicon,           // CMUdict + g2p, for entries without pronunciations
 *   stages: { boost: (p) => ({ name: 'boost', scorerFor: (l, v) => booster(l, v, p.boost) }) },
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
  /** The adapter's attention, when the adapter provides it. */
  readonly attention?: AttentionTools;
  readonly unavailable?: { readonly [K in StageName]?: string };
}
