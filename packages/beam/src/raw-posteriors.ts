import { CtcBiasError, createPosteriors, type Posteriors } from '@ctcbias/core';

/**
 * Reads raw posteriors: little-endian float32, `frames × vocabSize`, row-major, natural-log
 * probabilities (the format of `ctcbias-decode --posteriors` and the joint CLI's
 * `--save-posteriors`). The frame count is the byte length / 4 / `vocabSize`.
 *
 * Throws `CtcBiasError('PARSE_ERROR')` naming `file` when the size is not a whole number of
 * frames, or a value is NaN or +∞ (naming its frame and token).
 *
 * ```ts
 * const p = readRawPosteriors(await readFile('utt.f32'), vocab.size, 'utt.f32', 0.04);
 * p.frames; // e.g. 300
 * ```
 */
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
