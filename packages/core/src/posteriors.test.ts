import { describe, expect, it } from 'vitest';
import { createPosteriors, posteriorsRow } from './posteriors.js';

describe('createPosteriors', () => {
  it('returns rows as views', () => {
    const data = Float32Array.from([-0.1, -2.5, -3, -2, -0.2, -3]);
    const p = createPosteriors(data, 2, 3, 0.04);
    const row = posteriorsRow(p, 1);
    expect(Array.from(row)).toEqual([-2, -0.2, -3].map(Math.fround));
    expect(row.buffer).toBe(data.buffer);
    expect(() => posteriorsRow(p, 2)).toThrow(/frame out of range/);
  });

  it('validates sizes', () => {
    const bad = (f: () => unknown) =>
      expect(f).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    bad(() => createPosteriors(new Float32Array(5), 2, 3, 0.04));
    bad(() => createPosteriors(new Float32Array(0), -1, 3, 0.04));
    bad(() => createPosteriors(new Float32Array(0), 0, 0, 0.04));
    bad(() => createPosteriors(new Float32Array(6), 2, 3, 0));
    bad(() => createPosteriors(new Float32Array(6), 2, 3, Number.NaN));
    bad(() => createPosteriors([0, 0] as unknown as Float32Array, 1, 2, 0.04));
    expect(createPosteriors(new Float32Array(0), 0, 3, 0.04).frames).toBe(0);
  });
});
