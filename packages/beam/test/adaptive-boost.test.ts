import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { adaptiveBoost, resolveBoostParams } from '../src/index.js';

describe('adaptiveBoost', () => {
  it('follows the documented curve with the default parameters', () => {
    expect(adaptiveBoost(0)).toBe(0.25);
    expect(adaptiveBoost(-1)).toBe(0.25); // a token above the "top" cannot happen; treated as gap 0
    expect(adaptiveBoost(1)).toBe(1.25);
    expect(adaptiveBoost(1.25)).toBe(1.5);
    expect(adaptiveBoost(2)).toBeCloseTo(1.5 * (2 / 2.75), 12);
    expect(adaptiveBoost(4)).toBe(0);
    expect(adaptiveBoost(50)).toBe(0);
  });

  it('lifts a near-miss above the top by the margin', () => {
    for (const gap of [0.1, 0.5, 0.9, 1.2]) expect(adaptiveBoost(gap) - gap).toBeCloseTo(0.25, 12);
  });

  it('gives a near-miss more help than a hopeless candidate', () => {
    expect(adaptiveBoost(1)).toBeGreaterThan(adaptiveBoost(3));
    expect(adaptiveBoost(3)).toBeGreaterThan(adaptiveBoost(4));
    // Past ≈ 1.41 nats the boost no longer covers the gap, so it cannot make the token win alone.
    for (const gap of [1.42, 2, 3, 4]) expect(adaptiveBoost(gap)).toBeLessThan(gap);
    expect(adaptiveBoost(1.4)).toBeGreaterThan(1.4);
  });

  it('honours custom parameters, including a cutoff below the peak', () => {
    const p = resolveBoostParams({ margin: 1, maxBoost: 4, cutoff: 2 });
    expect(adaptiveBoost(1.5, p)).toBe(2.5);
    expect(adaptiveBoost(2, p)).toBe(0);
  });

  it('rejects invalid parameters', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isCtcBiasError(e, 'INVALID_ARGUMENT');
      }
      return false;
    };
    expect(bad(() => resolveBoostParams({ margin: -1 }))).toBe(true);
    expect(bad(() => resolveBoostParams({ cutoff: Number.NaN }))).toBe(true);
    expect(bad(() => resolveBoostParams({ margin: 2, maxBoost: 1 }))).toBe(true);
  });
});
