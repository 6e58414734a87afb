import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneEditDistance } from '../src/index.js';

/** Plain, unbounded Levenshtein distance (the reference). */
function levenshtein(a: readonly string[], b: readonly string[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(
        (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
      );
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

describe('phoneEditDistance', () => {
  it('equals Levenshtein distance, capped at max + 1', () => {
    const phones = fc.array(fc.constantFrom('K', 'EY', 'T', 'S'), { maxLength: 7 });
    fc.assert(
      fc.property(phones, phones, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(phoneEditDistance(a, b, max)).toBe(Math.min(levenshtein(a, b), max + 1));
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it('counts whole phones', () => {
    expect(phoneEditDistance(['K', 'EY', 'T'], ['K', 'AE', 'T'], 3)).toBe(1);
    expect(phoneEditDistance(['S', 'M', 'IH', 'TH'], ['S', 'M', 'IH', 'T', 'HH'], 3)).toBe(2);
    expect(phoneEditDistance([], ['K'], 0)).toBe(1);
  });
});
