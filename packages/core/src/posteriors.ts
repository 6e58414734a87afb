import { CtcBiasError } from './errors.js';

/**
 * Frame-level CTC log-posteriors: a `frames × vocabSize` matrix, row-major, natural log.
 *
 * ```ts
 * // 2 frames, 3 symbols (blank = 0)
 * const p = createPosteriors(
 *   Float32Array.from([-0.1, -2.5, -3.0,    // frame 0: blank likely
 *                      -2.0, -0.2, -3.0]),  // frame 1: symbol 1 likely
 *   2, 3, 0.04);
 * posteriorsRow(p, 1)[1]; // -0.2  (log P(symbol 1 | frame 1))
 * p.frameShiftSec * 2;    // 0.08 s of audio
 * ```
 */
export interface Posteriors {
  /** `frames × vocabSize`, row-major: `logProbs[t * vocabSize + v]`. Natural log. */
  readonly logProbs: Float32Array;
  readonly frames: number;
  readonly vocabSize: number;
  /** Seconds of audio between consecutive frames (e.g. 0.04 for a 4× subsampled 10 ms hop). */
  readonly frameShiftSec: number;
}

/** Validates the sizes and returns a {@link Posteriors} (no copy). */
export function createPosteriors(
  logProbs: Float32Array,
  frames: number,
  vocabSize: number,
  frameShiftSec: number,
): Posteriors {
  if (!(logProbs instanceof Float32Array)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'logProbs must be a Float32Array');
  }
  if (!Number.isInteger(frames) || frames < 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'frames must be a non-negative integer', {
      value: frames,
    });
  }
  if (!Number.isInteger(vocabSize) || vocabSize <= 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'vocabSize must be a positive integer', {
      value: vocabSize,
    });
  }
  if (!Number.isFinite(frameShiftSec) || frameShiftSec <= 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'frameShiftSec must be a positive number', {
      value: frameShiftSec,
    });
  }
  if (logProbs.length !== frames * vocabSize) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      `logProbs length must be frames × vocabSize = ${frames * vocabSize}`,
      { value: logProbs.length },
    );
  }
  return { logProbs, frames, vocabSize, frameShiftSec };
}

/** Row `t` as a subarray view (no copy); throws INVALID_ARGUMENT when `t` is out of range. */
export function posteriorsRow(p: Posteriors, t: number): Float32Array {
  if (!Number.isInteger(t) || t < 0 || t >= p.frames) {
    throw new CtcBiasError('INVALID_ARGUMENT', `frame out of range [0, ${p.frames})`, {
      value: t,
    });
  }
  return p.logProbs.subarray(t * p.vocabSize, (t + 1) * p.vocabSize);
}

/**
 * Frames `[from, to)` as posteriors of their own (a subarray view, no copy); throws
 * INVALID_ARGUMENT when the range is not inside `[0, p.frames]`.
 *
 * ```ts
 * slicePosteriors(p, 10, 25).frames; // 15
 * ```
 */
export function slicePosteriors(p: Posteriors, from: number, to: number): Posteriors {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > p.frames || from > to) {
    throw new CtcBiasError('INVALID_ARGUMENT', `frame range must lie in [0, ${p.frames}]`, {
      value: [from, to],
    });
  }
  return {
    ...p,
    logProbs: p.logProbs.subarray(from * p.vocabSize, to * p.vocabSize),
    frames: to - from,
  };
}
