import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RealFft } from './fft.js';

function naivePower(x: Float64Array): Float64Array {
  const n = x.length;
  return Float64Array.from({ length: n / 2 + 1 }, (_, k) => {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      re += (x[t] as number) * Math.cos((2 * Math.PI * k * t) / n);
      im -= (x[t] as number) * Math.sin((2 * Math.PI * k * t) / n);
    }
    return re * re + im * im;
  });
}

describe('RealFft', () => {
  it('an impulse has a flat unit spectrum', () => {
    const out = new Float64Array(5);
    new RealFft(8).powerSpectrum(Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]), out);
    expect(Array.from(out)).toEqual([1, 1, 1, 1, 1]);
  });

  it('matches a naive DFT for sizes 4 … 512', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 8, 16, 64, 512),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (n, seed) => {
          let s = seed;
          const x = Float64Array.from({ length: n }, () => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return s / 2 ** 31 - 1;
          });
          const out = new Float64Array(n / 2 + 1);
          new RealFft(n).powerSpectrum(x, out);
          const ref = naivePower(x);
          for (let k = 0; k < ref.length; k++) {
            expect(Math.abs((out[k] as number) - (ref[k] as number))).toBeLessThan(1e-9 * n * n);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('a cosine at bin k puts all its energy in bin k', () => {
    const n = 512;
    const x = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 37 * t) / n));
    const out = new Float64Array(n / 2 + 1);
    new RealFft(n).powerSpectrum(x, out);
    expect(out[37]).toBeCloseTo((n / 2) ** 2, 6);
    expect(out[36]).toBeLessThan(1e-12);
  });

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFft(400)).toThrow(RangeError);
    expect(() => new RealFft(2)).toThrow(RangeError);
  });
});
