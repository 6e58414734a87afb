import type { Hypothesis, Posteriors, Vocabulary } from '@ctcbias/core';
import { buildHypothesis } from './hypothesis-builder.js';
import { checkShapes } from './validate.js';

/**
 * Greedy (best-path) CTC decoding: the arg-max symbol of every frame (lowest id on ties), then
 * repeats merged and blanks removed.
 *
 * The score is the log-probability of that single best alignment, `Σ_t max_v logP(v | t)`,
 * reported as `scores.acoustic` — a lower bound on the probability of the decoded token
 * sequence, which sums over all its alignments (what beam search reports). A token's frames
 * are the run of frames where it is the arg-max.
 *
 * ```ts
 * // blank = 0; per-frame arg-max: 1 1 0 2 2  →  tokens [1, 2]
 * greedyDecode(posteriors, vocab).tokens; // [1, 2]
 * ```
 */
export function greedyDecode(posteriors: Posteriors, vocab: Vocabulary): Hypothesis {
  checkShapes(posteriors, vocab);
  const { logProbs, frames, vocabSize: V } = posteriors;
  const blank = vocab.blank;
  const tokens: number[] = [];
  const firstFrames: number[] = [];
  const lastFrames: number[] = [];
  let score = 0;
  let prev = blank;
  for (let t = 0; t < frames; t++) {
    const base = t * V;
    let best = 0;
    let bestLp = logProbs[base] as number;
    for (let v = 1; v < V; v++) {
      const lp = logProbs[base + v] as number;
      if (lp > bestLp) {
        bestLp = lp;
        best = v;
      }
    }
    score += bestLp;
    if (best !== blank) {
      if (best === prev) {
        lastFrames[lastFrames.length - 1] = t;
      } else {
        tokens.push(best);
        firstFrames.push(t);
        lastFrames.push(t);
      }
    }
    prev = best;
  }
  return buildHypothesis(vocab, {
    tokens,
    firstFrames,
    lastFrames,
    score,
    scores: { acoustic: score },
    matches: [],
  });
}
