import { CtcBiasError, createPosteriors, type Posteriors } from '@ctcbias/core';

/**
 * Reads raw posteriors: little-endian float32, `frames × vocabSize`, row-major, natural-log
 * probabilities (the format of `ctcbias-decode --posteriors` and the joint CLI's
 * `--save-posteriors`). The frame count is the byte length / 4 / `vocabSize`.
 *
 * Throws `CtcBiasError('PARSE_ERROR')` naming `file` when there are no frames, the size is not
 * a whole number of frames, a value is NaN or +∞ (naming its frame and token), or a frame is not
 * a log-probability distribution (`log Σ exp` of its row further than
 * {@link ROW_LOGSUMEXP_TOLERANCE} from 0 — all −∞, plain probabilities, logits, or a
 * vocabulary of the wrong width that happens to divide the file; naming the frame).
 *
 * ```ts
 * const p = readRawPosteriors(await readFile('utt.f32'), vocab.size, 'utt.f32', 0.04);
 * p.frames; // e.g. 300
 * ```
 */
/** How far (nats) a frame's `log Σ exp` may be from 0 (≈ 5 % of probability mass). */
export const ROW_LOGSUMEXP_TOLERANCE = 0.05;

export function readRawPosteriors(
  bytes: Uint8Array,
  vocabSize: number,
  file = '<input>',
  frameShiftSec = 0.04,
): Posteriors {
  if (bytes.byteLength % 4 !== 0) {
    throw new CtcBiasError(
      'PARSE_ERROR',
      `size ${bytes.byteLength} bytes is not a multiple of 4 (float32)`,
      { file },
    );
  }
  const floats = bytes.byteLength / 4;
  if (floats === 0) throw new CtcBiasError('PARSE_ERROR', 'no frames (empty file)', { file });
  if (floats % vocabSize !== 0) {
    throw new CtcBiasError(
      'PARSE_ERROR',
      `${floats} float32 values are not a whole number of frames of ${vocabSize} (the vocabulary size)`,
      { file },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(floats);
  for (let i = 0; i < floats; i++) {
    const x = view.getFloat32(i * 4, true);
    if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) {
      throw new CtcBiasError(
        'PARSE_ERROR',
        `frame ${Math.floor(i / vocabSize)}, token ${i % vocabSize}: not a log-probability`,
        { file, value: x },
      );
    }
    data[i] = x;
  }
  for (let t = 0; t < floats / vocabSize; t++) {
    const lse = logSumExp(data, t * vocabSize, (t + 1) * vocabSize);
    if (!(Math.abs(lse) <= ROW_LOGSUMEXP_TOLERANCE)) {
      throw new CtcBiasError(
        'PARSE_ERROR',
        lse === Number.NEGATIVE_INFINITY
          ? `frame ${t}: every token has probability 0 (all -Infinity)`
          : `frame ${t}: not a log-probability distribution (log-sum-exp ${lse.toFixed(3)}, expected 0; ` +
              `natural-log posteriors of ${vocabSize} tokens per frame?)`,
        { file },
      );
    }
  }
  return createPosteriors(data, floats / vocabSize, vocabSize, frameShiftSec);
}

/** The inverse of {@link readRawPosteriors}: the matrix as little-endian float32 bytes. */
export function rawPosteriorsBytes(posteriors: Posteriors): Uint8Array {
  const n = posteriors.logProbs.length;
  const bytes = new Uint8Array(n * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) view.setFloat32(i * 4, posteriors.logProbs[i] as number, true);
  return bytes;
}

function logSumExp(x: Float32Array, from: number, to: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) if ((x[i] as number) > max) max = x[i] as number;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp((x[i] as number) - max);
  return max + Math.log(sum);
}
