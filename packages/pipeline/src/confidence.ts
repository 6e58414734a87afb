import type { Hypothesis, Posteriors, WordSpan } from '@ctcbias/core';

/**
 * Adds each word's acoustic confidence: over the word's frames whose best token is not the blank,
 * the mean probability of that best token (the "max-prob" measure of CTC confidence, averaged per
 * word); a word with no such frame — put in by the LM or by a rewrite over frames the model
 * heard as silence — gets the largest non-blank probability in its span (low, as it should be).
 * The posteriors are the encoder's own (before any biasing), so a list entry the acoustics do not
 * support shows a low confidence whatever the stages did. In [0, 1]; a ranking, not a calibrated
 * probability of being right.
 *
 * ```ts
 * const h = withConfidences(best, output.subword, vocabulary.blank);
 * h.words.map((w) => [w.text, w.confidence?.toFixed(2)]);
 * // [['call', '0.97'], ['doctor', '0.88'], ['gorovitz', '0.41']]
 * ```
 */
export function withConfidences(h: Hypothesis, p: Posteriors, blank: number): Hypothesis {
  const { vocabSize, logProbs } = p;
  const words = h.words.map((w): WordSpan => {
    const from = Math.max(0, Math.min(w.startFrame, p.frames));
    const to = Math.max(from, Math.min(w.endFrame, p.frames));
    let sum = 0;
    let count = 0;
    let bestNonBlank = 0;
    for (let t = from; t < to; t++) {
      const row = t * vocabSize;
      let top = -1;
      let topLog = Number.NEGATIVE_INFINITY;
      let nonBlankLog = Number.NEGATIVE_INFINITY;
      for (let v = 0; v < vocabSize; v++) {
        const x = logProbs[row + v] as number;
        if (x > topLog) {
          topLog = x;
          top = v;
        }
        if (v !== blank && x > nonBlankLog) nonBlankLog = x;
      }
      bestNonBlank = Math.max(bestNonBlank, Math.exp(nonBlankLog));
      if (top !== blank) {
        sum += Math.exp(topLog);
        count++;
      }
    }
    return { ...w, confidence: count > 0 ? sum / count : bestNonBlank };
  });
  return { ...h, words };
}
