import { describe, expect, it } from 'vitest';
import { editDistance, evaluateG2p, isHeldOut } from './evaluation.js';

describe('isHeldOut', () => {
  it('holds out about 5 % of words, the same ones every time', () => {
    const words = Array.from({ length: 4000 }, (_, i) => `w${i}x`);
    const held = words.filter(isHeldOut);
    expect(held.length / words.length).toBeGreaterThan(0.035);
    expect(held.length / words.length).toBeLessThan(0.065);
    expect(words.filter(isHeldOut)).toEqual(held);
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions and deletions', () => {
    expect(editDistance(['K', 'AE', 'T'], ['K', 'AE', 'T'])).toBe(0);
    expect(editDistance(['K', 'AE', 'T'], ['K', 'AH', 'T'])).toBe(1);
    expect(editDistance(['K', 'AE', 'T'], ['K', 'T'])).toBe(1);
    expect(editDistance([], ['K', 'T'])).toBe(2);
  });
});

describe('evaluateG2p', () => {
  const guesses: Record<string, string[]> = {
    cat: ['K AE T', 'K AH T'],
    dog: ['D AO G'],
    tomato: ['T AH M AH T OW', 'T AH M AA T OW'],
  };
  const stub = {
    pronounce: (w: string, k = 5) =>
      (guesses[w] ?? []).slice(0, k).map((p) => ({ phones: p.split(' '), score: 0 })),
  };

  it('scores the top guess against the closest reference, and the top k', () => {
    const q = evaluateG2p(
      stub,
      [
        ['cat', [['K', 'AE', 'T']]],
        ['dog', [['D', 'AA', 'G']]],
        [
          'tomato',
          [
            ['T', 'AH', 'M', 'EY', 'T', 'OW'],
            ['T', 'AH', 'M', 'AA', 'T', 'OW'],
          ],
        ],
      ],
      2,
    );
    expect(q.words).toBe(3);
    expect(q.per).toBeCloseTo(2 / 12, 12); // dog: 1 of 3; tomato: 1 of 6 (either reference)
    expect(q.top1).toBeCloseTo(1 / 3, 12);
    expect(q.topK).toBeCloseTo(2 / 3, 12);
  });
});
