import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kBestProduct, logSumExp } from './k-best.js';

describe('kBestProduct', () => {
  it('equals the k best of the full product', () => {
    const item = fc.record({ score: fc.integer({ min: -20, max: 0 }) });
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 6 }),
        (lists, k) => {
          let all: number[] = [0];
          for (const l of lists) all = all.flatMap((s) => l.map((x) => s + x.score));
          const expected = all.sort((a, b) => b - a).slice(0, k);
          expect(kBestProduct(lists, k).map((c) => c.score)).toEqual(expected);
        },
      ),
    );
  });

  it('returns nothing for no lists or an empty list', () => {
    expect(kBestProduct([], 3)).toEqual([]);
    expect(kBestProduct([[{ score: 0 }], []], 3)).toEqual([]);
  });
});

describe('logSumExp', () => {
  it('adds probabilities in the log domain', () => {
    expect(logSumExp([Math.log(0.25), Math.log(0.5)])).toBeCloseTo(Math.log(0.75), 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.log(2), 9);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
  });
});
