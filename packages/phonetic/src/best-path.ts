import {
  CtcBiasError,
  type PhoneAlignment,
  type PhoneSegment,
  type Posteriors,
} from '@ctcbias/core';

/**
 * Best-path (greedy) decoding of phone posteriors over frames `[startFrame, endFrame)`: the
 * top symbol of every frame, runs of one phone merged into one segment, blanks dropped. Its
 * `logProb` (sum of every frame's top log-prob, blanks included) bounds any forced alignment
 * over the same frames from above. Ties go to the lower column.
 *
 * ```ts
 * // frames: _ K K _ EY EY T _
 * bestPath(phone, symbols).segments.map((s) => s.phone); // ['K', 'EY', 'T']
 * bestPath(phone, symbols, 4, 8).segments.map((s) => s.phone); // ['EY', 'T']
 * ```
 *
 * A run cut by `startFrame` / `endFrame` counts as a segment inside the range.
 */
export function bestPath(
  p: Posteriors,
  symbols: readonly string[],
  startFrame = 0,
  endFrame: number = p.frames,
): PhoneAlignment {
  if (symbols.length !== p.vocabSize) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      `phone symbols (${symbols.length}) do not match the posteriors' columns (${p.vocabSize})`,
    );
  }
  if (
    !Number.isInteger(startFrame) ||
    !Number.isInteger(endFrame) ||
    startFrame < 0 ||
    endFrame > p.frames ||
    startFrame > endFrame
  ) {
    throw new CtcBiasError('INVALID_ARGUMENT', `bad frame range for ${p.frames} frames`, {
      value: [startFrame, endFrame],
    });
  }
  const { logProbs, vocabSize } = p;
  const segments: PhoneSegment[] = [];
  let total = 0;
  let runCol = 0;
  let runStart = startFrame;
  let runLp = 0;
  const flush = (t: number) => {
    if (runCol !== 0) {
      segments.push({
        phone: symbols[runCol] as string,
        startFrame: runStart,
        endFrame: t,
        logProb: runLp,
      });
    }
  };
  for (let t = startFrame; t < endFrame; t++) {
    const row = t * vocabSize;
    let col = 0;
    let m = logProbs[row] as number;
    for (let v = 1; v < vocabSize; v++) {
      const x = logProbs[row + v] as number;
      if (x > m) {
        m = x;
        col = v;
      }
    }
    total += m;
    if (col === runCol && t > startFrame) {
      runLp += m;
    } else {
      flush(t);
      runCol = col;
      runStart = t;
      runLp = m;
    }
  }
  flush(endFrame);
  return { segments, logProb: total };
}
