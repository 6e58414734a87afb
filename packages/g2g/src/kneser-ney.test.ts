import { isCtcBiasError } from '@ctcbias/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlignedUnit } from './alignment.js';
import { BOS, EOS, type JointNgram } from './joint-ngram.js';
import { trainKneserNey } from './kneser-ney.js';

// units: 0 <s>, 1 </s>, 2 a, 3 b, 4 c, 5 d
const units: AlignedUnit[] = ['', '', 'a', 'b', 'c', 'd'].map((letters) => ({
  letters,
  phones: [],
}));
const corpus = [[2, 3], [2, 3], [3], [2, 4, 3], [4, 4, 2, 3], [5]];
const pruned = [
  [4, 3, 5, 2, 2],
  [2, 2, 5],
  [4, 3, 2, 4],
  [2, 4, 3],
  [3, 4],
  [4, 4, 3, 5],
  [4, 3],
  [2],
  [5, 2, 2],
  [2],
  [3, 2, 3, 3],
  [3, 2, 3],
];

/** Σ_u P(u | history) over every predictable unit (all but <s>). */
function mass(lm: JointNgram, history: number[]): number {
  let s = 0;
  for (let u = 1; u < units.length; u++) s += Math.exp(lm.logProb(history, u));
  return s;
}

describe('trainKneserNey', () => {
  it('gives distributions that sum to one after any history, for orders 1–4', () => {
    for (const order of [1, 2, 3, 4]) {
      const lm = trainKneserNey(corpus, units, { order });
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }), (tail) => {
          expect(mass(lm, [BOS, ...tail])).toBeCloseTo(1, 5);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('still sums to one when n-grams are pruned by count cutoffs', () => {
    const lm = trainKneserNey(corpus, units, { order: 3, cutoffs: [1, 2, 2] });
    const full = trainKneserNey(corpus, units, { order: 3 });
    expect(lm.size.ngrams).toBeLessThan(full.size.ngrams);
    for (const h of [[BOS], [BOS, 2], [BOS, 2, 3], [4, 4], [5, 5]]) {
      expect(mass(lm, h)).toBeCloseTo(1, 5);
    }
  });

  it('has states that score like the histories they stand for (full and pruned models)', () => {
    for (const lm of [
      trainKneserNey(corpus, units, { order: 3 }),
      trainKneserNey(corpus, units, { order: 4, cutoffs: [1, 2, 2, 2] }),
      trainKneserNey(corpus, units, { order: 1 }),
      // here the cutoffs drop the bigram context of a kept trigram: the trie must still hold it
      trainKneserNey(pruned, units, { order: 3, cutoffs: [1, 3, 2] }),
    ]) {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 2, max: 5 }), { maxLength: 6 }), (tail) => {
          // walk the state along the history and compare every step with the history's own scores
          let state = lm.stateOf([BOS]);
          const history = [BOS];
          for (const u of tail) {
            for (let next = 1; next < units.length; next++) {
              expect(lm.logProbAt(state, next)).toBeCloseTo(lm.logProb(history, next), 10);
            }
            state = lm.nextState(state, u);
            history.push(u);
            expect(state).toBe(lm.stateOf(history));
          }
        }),
        { numRuns: 60 },
      );
    }
  });

  it('prefers what followed in training, and never predicts <s>', () => {
    const lm = trainKneserNey(corpus, units, { order: 2 });
    expect(lm.logProb([BOS, 2], 3)).toBeGreaterThan(lm.logProb([BOS, 2], 5));
    expect(Math.exp(lm.logProb([BOS, 2], 3))).toBeGreaterThan(0.4);
    expect(lm.logProb([BOS, 3], EOS)).toBeGreaterThan(lm.logProb([BOS, 3], 2));
    expect(lm.logProb([BOS], BOS)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects unit ids out of range and bad orders', () => {
    for (const bad of [() => trainKneserNey([[9]], units), () => trainKneserNey([[BOS]], units)]) {
      expect(bad).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    try {
      trainKneserNey(corpus, units, { order: 0 });
      expect.unreachable();
    } catch (e) {
      expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});
