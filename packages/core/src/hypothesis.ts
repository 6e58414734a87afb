/**
 * A word of a hypothesis with its frame span. Frames are half-open: `[startFrame, endFrame)`,
 * so `endFrame - startFrame` is the word's length in frames and the time span is
 * `[startFrame * frameShiftSec, endFrame * frameShiftSec)`.
 *
 * ```ts
 * { text: 'smith', startFrame: 40, endFrame: 52, entry: 3 } // matched list.entries[3]
 * ```
 */
export interface WordSpan {
  readonly text: string;
  /** First frame (inclusive). */
  readonly startFrame: number;
  /** One past the last frame (exclusive). */
  readonly endFrame: number;
  /**
   * Index into `BiasingList.entries` that this word matched. For a multi-word entry every
   * word of the phrase carries the same index.
   */
  readonly entry?: number;
  /**
   * Acoustic confidence in [0, 1], when the decoder measured one (the joint pipeline does, from
   * the encoder's unbiased posteriors): a ranking, not a calibrated probability.
   */
  readonly confidence?: number;
}

/**
 * One decoding result.
 *
 * ```ts
 * const h: Hypothesis = {
 *   tokens: [12, 845, 90],                      // ▁john ▁sm ith
 *   text: 'john smith',
 *   words: [
 *     { text: 'john', startFrame: 3, endFrame: 9 },
 *     { text: 'smith', startFrame: 10, endFrame: 18, entry: 0 },
 *   ],
 *   score: -14.2,                               // = sum of scores' values
 *   scores: { acoustic: -12.3, boost: 2.1, lm: -4.0 },
 * };
 * ```
 */
export interface Hypothesis {
  /** Subword ids of the collapsed CTC path (blanks removed, repeats merged). */
  readonly tokens: readonly number[];
  /** Normalized text (see `normalizeText`). */
  readonly text: string;
  readonly words: readonly WordSpan[];
  /** Total score (natural-log domain); higher is better. */
  readonly score: number;
  /** Per-stage breakdown, keyed by stage/scorer name (e.g. `acoustic`, `boost`, `lm`, `phonetic`). */
  readonly scores: Readonly<Record<string, number>>;
}

/** Ranked hypotheses, best first. */
export type NBest = readonly Hypothesis[];
