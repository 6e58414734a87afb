import { describe, expect, it } from 'vitest';
import { loadDefaultLm } from './lm-files.js';
import type { NgramLm } from './ngram-lm.js';

const lm = loadDefaultLm();

function lnP(m: NgramLm, history: string[], word: string): number {
  let s = m.start();
  for (const w of history) s = m.score(s, w).state;
  return m.score(s, word).logProb;
}

describe('the default English LM (assets/default-lm.bin)', () => {
  it('is a 3-gram with a pruned vocabulary', () => {
    expect(lm.order).toBe(3);
    expect(lm.vocabSize).toBeGreaterThan(5000);
    expect(lm.vocabSize).toBeLessThan(50000);
    const [, bigrams, trigrams] = lm.counts as [number, number, number];
    expect(bigrams).toBeGreaterThan(trigrams); // 3-grams seen once are pruned
  });

  it('does not know the held-out evaluation entities (a sample of entities_heldout.txt)', () => {
    for (const w of ['gorovitz', 'nazzaro', 'salyer', 'sabalgarh', 'utzinger', 'kazmierczak']) {
      expect(lm.isOov(w)).toBe(true);
    }
  });

  it('has learned English word order', () => {
    expect(lnP(lm, ['of'], 'the')).toBeGreaterThan(lnP(lm, ['of'], 'of'));
    expect(lnP(lm, ['in', 'the'], 'morning')).toBeGreaterThan(lnP(lm, ['in', 'the'], 'was'));
  });

  it('gives <unk> real mass where names go (the template sentences)', () => {
    // "please call {first} {last}": rare names were mapped to <unk> while building.
    expect(lnP(lm, ['doctor'], '<unk>')).toBeGreaterThan(lnP(lm, ['the', 'old'], '<unk>'));
  });

  it('is normalized: Σ_w P(w | h) = 1 for a few histories', () => {
    const words = lm.words.filter((w) => w !== '<s>');
    for (const history of [[], ['the'], ['call', 'doctor'], ['zzz', 'of']]) {
      let s = lm.start();
      for (const w of history) s = lm.score(s, w).state;
      let sum = 0;
      for (const w of words) sum += Math.exp(w === '</s>' ? lm.end(s) : lm.score(s, w).logProb);
      expect(sum).toBeCloseTo(1, 3);
    }
  });
});
