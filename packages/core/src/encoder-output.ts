import type { Posteriors } from './posteriors.js';

/**
 * Per-frame hidden states of one encoder layer: `frames × dim`, row-major.
 *
 * ```ts
 * const h: HiddenStates = { data: new Float32Array(100 * 256), frames: 100, dim: 256 };
 * h.data.subarray(t * h.dim, (t + 1) * h.dim); // frame t's vector
 * ```
 */
export interface HiddenStates {
  readonly data: Float32Array;
  readonly frames: number;
  readonly dim: number;
}

/**
 * Everything the encoder produces for one utterance.
 *
 * ```ts
 * const out: EncoderOutput = {
 *   subword: createPosteriors(sub, 100, 500, 0.04),         // CTC head over the Vocabulary
 *   phone: createPosteriors(ph, 100, 40, 0.04),             // intermediate-layer phone CTC head
 *   phoneSymbols: ['<blk>', ...ARPABET_PHONES],             // column i of `phone` ↔ phoneSymbols[i]
 *   hidden: { mid: { data, frames: 100, dim: 256 }, last: { data: d2, frames: 100, dim: 256 } },
 * };
 * ```
 */
export interface EncoderOutput {
  /** Subword CTC log-posteriors; column ids are {@link Vocabulary} ids. */
  readonly subword: Posteriors;
  /** Phone CTC log-posteriors from an intermediate layer, if the model has a phone head. */
  readonly phone?: Posteriors;
  /** Phone posteriors column i ↔ symbol; index 0 is the blank. Present iff `phone` is. */
  readonly phoneSymbols?: readonly string[];
  /** Named intermediate hidden states (e.g. `mid`, `last`), used by the contextual adapter. */
  readonly hidden?: Readonly<Record<string, HiddenStates>>;
}
