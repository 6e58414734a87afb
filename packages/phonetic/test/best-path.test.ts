import { describe, expect, it } from 'vitest';
import { alignPhones, bestPath } from '../src/index.js';
import { SYMBOLS, spikes } from './helpers.js';

describe('bestPath', () => {
  const p = spikes('_ K K _ EY EY T _ K');

  it('merges runs, drops blanks, and sums every frame', () => {
    const b = bestPath(p, SYMBOLS);
    expect(b.segments.map((s) => [s.phone, s.startFrame, s.endFrame])).toEqual([
      ['K', 1, 3],
      ['EY', 4, 6],
      ['T', 6, 7],
      ['K', 8, 9],
    ]);
    expect(b.logProb).toBeCloseTo(9 * Math.log(0.9), 5);
    expect(b.segments[1]?.logProb).toBeCloseTo(2 * Math.log(0.9), 5);
    // It bounds every forced alignment from above, and equals the alignment of its own phones.
    expect(alignPhones(p, SYMBOLS, ['K', 'EY', 'T']).logProb).toBeLessThan(b.logProb);
    expect(alignPhones(p, SYMBOLS, ['K', 'EY', 'T', 'K']).logProb).toBeCloseTo(b.logProb, 9);
  });

  it('decodes a frame range', () => {
    expect(
      bestPath(p, SYMBOLS, 2, 5).segments.map((s) => [s.phone, s.startFrame, s.endFrame]),
    ).toEqual([
      ['K', 2, 3],
      ['EY', 4, 5],
    ]);
    expect(bestPath(p, SYMBOLS, 3, 3)).toEqual({ segments: [], logProb: 0 });
    expect(() => bestPath(p, SYMBOLS, 4, 10)).toThrow(/bad frame range/);
    expect(() => bestPath(p, SYMBOLS, 5, 4)).toThrow(/bad frame range/);
  });
});
