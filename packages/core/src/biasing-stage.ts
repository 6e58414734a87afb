import type { BiasingList } from './biasing-list.js';
import type { EncoderOutput } from './encoder-output.js';
import type { PronunciationLexicon } from './pronunciation-lexicon.js';
import type { ReadBytes } from './read-bytes.js';
import type {
  EncoderOutputTransform,
  ListExpander,
  NBestRescorer,
  TokenScorer,
  TranscriptRewriter,
} from './stages.js';
import type { Tokenizer } from './tokenizer.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Where a stage acts in the joint model. The pipeline runs the positions in this order, and the
 * stages of one position in the order they were registered:
 *
 * ```
 * list ─► list-expander ─► (pronunciations, tokenization)
 * audio ─► encoder ─► encoder-transform ─► beam search with every beam-scorer ─► n-best
 *        ─► nbest-rescorer ─► transcript-rewriter ─► acceptance ─► text
 * ```
 */
export type StagePosition =
  | 'list-expander'
  | 'encoder-transform'
  | 'beam-scorer'
  | 'nbest-rescorer'
  | 'transcript-rewriter';

/** Every position, in pipeline order. */
export const STAGE_POSITIONS: readonly StagePosition[] = Object.freeze([
  'list-expander',
  'encoder-transform',
  'beam-scorer',
  'nbest-rescorer',
  'transcript-rewriter',
]);

/**
 * What a `beam-scorer` stage makes: a token scorer for the beam, compiled for one biasing list
 * (the pipeline asks once per prepared list and may reuse the answer).
 *
 * ```ts
 * const boost: ScorerCompiler = {
 *   name: 'boost',
 *   scorerFor: (list, vocabulary) => compileEntityBooster(list, vocabulary, { boost: options }),
 * };
 * ```
 */
export interface ScorerCompiler {
  readonly name: string;
  scorerFor(list: BiasingList, vocabulary: Vocabulary): TokenScorer<unknown>;
}

/** The object a stage of each position provides. */
export interface StageInstances {
  readonly 'list-expander': ListExpander;
  readonly 'encoder-transform': EncoderOutputTransform;
  readonly 'beam-scorer': ScorerCompiler;
  readonly 'nbest-rescorer': NBestRescorer;
  readonly 'transcript-rewriter': TranscriptRewriter;
}

/** Any stage's object. */
export type StageInstance = StageInstances[StagePosition];

/** A numeric knob of a stage. Values must be finite unless `infinite` allows ±Infinity. */
export interface NumberOptionSpec {
  readonly type: 'number';
  readonly default: number;
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** ±Infinity allowed (as "off": a threshold that keeps everything). */
  readonly infinite?: boolean;
}

/** A knob with a fixed set of string values. */
export interface ChoiceOptionSpec<C extends string = string> {
  readonly type: 'choice';
  readonly default: C;
  readonly choices: readonly C[];
  readonly description: string;
}

export type StageOptionSpec = NumberOptionSpec | ChoiceOptionSpec;

/** A stage's knobs by name: what `--set stage.knob=value` and `params: { stage: { … } }` set. */
export type StageOptionsSchema = { readonly [knob: string]: StageOptionSpec };

/** The option values a schema describes (untyped {@link StageOptions} for an unknown schema). */
export type StageOptionsOf<S extends StageOptionsSchema> = string extends keyof S
  ? StageOptions
  : { readonly [K in keyof S]: S[K] extends ChoiceOptionSpec<infer C> ? C : number };

/** Option values of some stage, untyped. */
export type StageOptions = { readonly [knob: string]: number | string };

/**
 * Attention of an encoder transform for one utterance (the contextual adapter's): `frames ×
 * columns` weights, row-major, each row summing to 1; `labels[0]` is `<no-bias>`, `labels[k + 1]`
 * is entry k.
 */
export interface AttentionMap {
  readonly weights: Float32Array;
  readonly frames: number;
  readonly columns: number;
  readonly labels: readonly string[];
  readonly frameShiftSec: number;
}

/** Reading and drawing an encoder transform's attention (`--heatmap`). */
export interface AttentionTools {
  /** The attention the transform left on its output, if any. */
  attentionOf(output: EncoderOutput): AttentionMap | undefined;
  /** The attention as an SVG heatmap. */
  heatmapSvg(attention: AttentionMap, title: string): string;
}

/**
 * What the pipeline lends a stage while it loads: the model's vocabulary and tokenizer, whether
 * the model has a phone head, the file the user named for this stage, a reader for files, and
 * shared resources. A stage that reads its files through `read` (never `node:fs`) runs in Node
 * and in a browser alike.
 */
export interface StageEnvironment {
  readonly vocabulary: Vocabulary;
  /** The model's tokenizer, when it has one (lists can only be biased with one). */
  readonly tokenizer?: Tokenizer;
  /** The model's phone symbols, when it has a phone posteriors head. */
  readonly phoneSymbols?: readonly string[];
  /** Where the model was loaded from (for messages). */
  readonly model: string;
  /**
   * The file or directory the user named for this stage (`files[stage.name]`: `--lm FILE` for
   * `lm`, `--adapter DIR` for `adapter`); in Node, the built-in stages' embedded files by default.
   */
  readonly file?: string;
  /**
   * Reads a file by path (Node: the file system) or URL (browser: `fetch`) — `file` above, or a
   * file inside it (`${file}/adapter.json`).
   */
  readonly read: ReadBytes;
  /** The onnxruntime build the pipeline runs on, for stages with ONNX graphs of their own. */
  readonly backend?: 'node' | 'web';
  /** onnxruntime intra-op threads per session, when the caller limits them. */
  readonly threads?: number;
  /** The word pronunciation lexicon (CMUdict + g2p), loaded on the first call and shared. */
  pronunciations(): Promise<PronunciationLexicon | undefined>;
}

/**
 * A loaded stage: `create(options)` builds its object for one set of option values (cheap; the
 * heavy resources were loaded by `load`), or the reason it cannot run with this model.
 */
export type LoadedStage<P extends StagePosition = StagePosition, O = StageOptions> =
  | {
      create(options: O): StageInstances[P];
      /** The transform's attention, for encoder transforms that report one. */
      readonly attention?: AttentionTools;
    }
  | { readonly unavailable: string };

/**
 * A stage of the joint model, version 1 of the contract: a value a package exports and the
 * pipeline's registry takes (`registerStage(stage)`); from then on `--stages` switches it by name,
 * the ablation table has its rows, `--explain` its trace, and `--set name.knob=v` its options.
 *
 * ```ts
 * // A beam scorer that adds `bonus` nats per token that starts a list entry.
 * const starts = defineStage({
 *   specificationVersion: 'v1',
 *   name: 'starts',
 *   position: 'beam-scorer',
 *   description: 'rewards the first token of every list entry',
 *   options: { bonus: { type: 'number', default: 1, min: 0, description: 'nats per entry start' } },
 *   async load() {
 *     return {
 *       create: ({ bonus }) => ({
 *         name: 'starts',
 *         scorerFor(list) {
 *           const first = new Set(list.entries.flatMap((e) => e.tokenizations.map((t) => t[0])));
 *           return { name: 'starts', initial: () => 0, finish: () => 0,
 *                    step: (s, token) => ({ state: s, score: first.has(token) ? bonus : 0 }) };
 *         },
 *       }),
 *     };
 *   },
 * });
 * // registerStage(starts); then: ctcbias transcribe --plugin ./starts.js --stages starts,lm …
 * ```
 */
export interface BiasingStageV1<
  P extends StagePosition = StagePosition,
  S extends StageOptionsSchema = StageOptionsSchema,
> {
  readonly specificationVersion: 'v1';
  /** Lower-case letters, digits and `-`, starting with a letter; unique in a registry. */
  readonly name: string;
  readonly position: P;
  /** One line for `ctcbias stages` and the docs. */
  readonly description: string;
  /** The stage's knobs and their defaults. */
  readonly options: S;
  /** The list's entries must carry pronunciations (looked up when an entry has none). */
  readonly needsPronunciations?: boolean;
  /**
   * `beam-scorer` only: the scorer also runs when the list is empty, and (with an empty list) in
   * the decoding without the list that acceptance compares against — true for an n-gram LM,
   * false (the default) for scorers that only bias towards the list.
   */
  readonly withoutList?: boolean;
  /** Loads what the stage needs (models, tables) once per pipeline. */
  load(env: StageEnvironment): Promise<LoadedStage<P, StageOptionsOf<S>>>;
}

/** Any version of the stage contract (only v1 so far). */
export type BiasingStage = BiasingStageV1;

/**
 * Identity function that infers a stage's position and option types (so `create`'s options are
 * typed from the schema) and returns it as a {@link BiasingStage}.
 */
export function defineStage<P extends StagePosition, const S extends StageOptionsSchema>(
  stage: BiasingStageV1<P, S>,
): BiasingStageV1<P, S> & BiasingStage {
  return stage as BiasingStageV1<P, S> & BiasingStage;
}
