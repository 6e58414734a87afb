import type { EncoderOutput } from '@ctcbias/core';

/** Label of attention column 0. */
export const NO_BIAS_LABEL = '<no-bias>';

/**
 * Per-frame attention of the contextual adapter over `<no-bias>` and the list entries:
 * a `frames × columns` matrix, row-major, each row summing to 1.
 *
 * ```ts
 * // 2 frames, list ['kate', 'ibuprofen']
 * {
 *   weights: Float32Array.from([0.97, 0.02, 0.01,     // frame 0: nothing to bias
 *                               0.10, 0.88, 0.02]),   // frame 1: attends to 'kate'
 *   frames: 2,
 *   columns: 3,
 *   labels: ['<no-bias>', 'kate', 'ibuprofen'],       // column 0 is <no-bias>, column k+1 is entry k
 *   frameShiftSec: 0.04,
 * }
 * ```
 */
export interface AttentionMatrix {
  /** `frames × columns`, row-major: `weights[t * columns + c]`. */
  readonly weights: Float32Array;
  readonly frames: number;
  /** `1 + list.entries.length`. */
  readonly columns: number;
  /** `labels[0] = '<no-bias>'`, `labels[k + 1] = list.entries[k].text`. */
  readonly labels: readonly string[];
  readonly frameShiftSec: number;
}

/** An encoder output after the adapter: biased `subword` posteriors and the attention that made them. */
export interface AdaptedEncoderOutput extends EncoderOutput {
  readonly adapterAttention: AttentionMatrix;
}

/**
 * The adapter's attention carried by an encoder output, or `undefined` when the adapter did not
 * run on it (adapter off, or an empty list).
 *
 * ```ts
 * const out = await adapter.transform(encoded, list);
 * const att = getAdapterAttention(out);
 * if (att) await writeAttentionHeatmap('attention.svg', att);
 * ```
 */
export function getAdapterAttention(output: EncoderOutput): AttentionMatrix | undefined {
  return (output as Partial<AdaptedEncoderOutput>).adapterAttention;
}
