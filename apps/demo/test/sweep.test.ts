import { describe, expect, it } from 'vitest';
import {
  hyp,
  LIST,
  OFF,
  PARAMS,
  run,
  UNBIASED,
} from '../../../packages/pipeline/test/acceptance-fixtures.js';
import { SWEEP_MARGINS, SWEEP_THRESHOLDS, sweepRule, textAt } from '../src/eval/sweep.js';

describe('sweep', () => {
  const best = hyp([
    ['call', 0, 4],
    ['matt', 4, 10, 1],
    ['now', 11, 14],
  ]);
  const candidate = run(best, { params: OFF }).candidates;

  it('replays the rule at any threshold from one decoding with the rule off', () => {
    const perPhone = candidate[0]?.evidence?.perPhone as number;
    const off = Number.NEGATIVE_INFINITY;
    expect(textAt(UNBIASED, candidate, { threshold: Infinity, margin: off, minPhones: 0 })).toBe(
      'call matt now',
    );
    expect(
      textAt(UNBIASED, candidate, { threshold: -perPhone + 0.01, margin: off, minPhones: 0 }),
    ).toBe('call matt now');
    expect(
      textAt(UNBIASED, candidate, { threshold: -perPhone - 0.01, margin: off, minPhones: 0 }),
    ).toBe('call cate now');
    // and agrees with accept() itself
    const ruled = run(best);
    expect(textAt(UNBIASED, candidate, PARAMS)).toBe(ruled.hypothesis.text);
  });

  it('gives precision / recall per threshold', () => {
    const points = sweepRule(
      [{ ref: 'call matt now', unbiased: UNBIASED, candidates: candidate }],
      LIST,
      0,
    );
    expect(points).toHaveLength(SWEEP_THRESHOLDS.length * SWEEP_MARGINS.length);
    expect(points.slice(0, SWEEP_THRESHOLDS.length).map((p) => p.threshold)).toEqual(
      SWEEP_THRESHOLDS,
    );
    expect(points.every((p) => SWEEP_MARGINS.includes(p.margin))).toBe(true);
    expect(points.at(-1)?.metrics).toMatchObject({ precision: 1, recall: 1 });
    expect(points[0]?.metrics).toMatchObject({ recall: 0 });
    expect(points[0]?.rejected).toBe(1);
  });
});
