import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { TINY_PAIRS } from '../test/tiny-dictionary.js';
import { alignPair, trainAligner, unitKey } from './alignment.js';

const show = (units: ReturnType<typeof alignPair>) =>
  units?.map((u) => unitKey(u.letters, u.phones)).join(' ');

describe('trainAligner (EM)', () => {
  const result = trainAligner(TINY_PAIRS, { iterations: 6 });

  it('never lowers the log-likelihood', () => {
    const ll = result.logLikelihoods;
    expect(ll).toHaveLength(6);
    for (let i = 1; i < ll.length; i++) {
      expect(ll[i] as number).toBeGreaterThanOrEqual((ll[i - 1] as number) - 1e-9);
    }
    expect(ll[5] as number).toBeGreaterThan(ll[0] as number);
  });

  it('learns a probability distribution over units', () => {
    let sum = 0;
    for (const p of result.model.probs.values()) sum += p;
    expect(sum).toBeCloseTo(1, 9);
  });

  it('finds letter↔phone alignments: silent e, x↔K S', () => {
    const m = result.model;
    expect(show(alignPair(m, { letters: 'cake', phones: ['K', 'EY', 'K'] }))).toBe(
      'c:K a:EY k:K e:',
    );
    expect(show(alignPair(m, { letters: 'fox', phones: ['F', 'AA', 'K', 'S'] }))).toBe(
      'f:F o:AA x:K S',
    );
    expect(show(alignPair(m, { letters: 'tome', phones: ['T', 'OW', 'M'] }))).toBe(
      't:T o:OW m:M e:',
    );
  });

  it('aligns unseen combinations of known units, and refuses impossible pairs', () => {
    const m = result.model;
    expect(show(alignPair(m, { letters: 'mix', phones: ['M', 'IH', 'K', 'S'] }))).toBe(
      'm:M i:IH x:K S',
    );
    // three phones cannot come from one letter
    expect(alignPair(m, { letters: 'a', phones: ['K', 'AE', 'T'] })).toBeUndefined();
    // "q" was never seen
    expect(alignPair(m, { letters: 'qat', phones: ['K', 'AE', 'T'] })).toBeUndefined();
  });

  it('counts unalignable pairs and rejects shapes without letters', () => {
    const r = trainAligner([...TINY_PAIRS, { letters: 'x', phones: ['A', 'B', 'C'] }], {
      iterations: 1,
    });
    expect(r.unalignable).toBe(1);
    try {
      trainAligner(TINY_PAIRS, { shapes: [[0, 1]] });
      expect.unreachable();
    } catch (e) {
      expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('prefers short units with penalize when two-letter shapes are allowed', () => {
    const shapes = [
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ] as const;
    const plain = trainAligner(TINY_PAIRS, { shapes, iterations: 6 }).model;
    const penalized = trainAligner(TINY_PAIRS, { shapes, iterations: 6, penalize: true }).model;
    const pair = { letters: 'bake', phones: ['B', 'EY', 'K'] };
    expect(alignPair(plain, pair)?.length).toBeLessThan(4);
    expect(show(alignPair(penalized, pair))).toBe('b:B a:EY k:K e:');
  });
});
