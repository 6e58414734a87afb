import { corpusBiasedWordErrorRate, createBiasingList } from '@ctcbias/core';
import { stageRegistry } from '@ctcbias/pipeline';
import { describe, expect, it } from 'vitest';
import {
  type AblationRow,
  formatAblationTable,
  formatCategoryTable,
} from '../src/eval/ablation-table.js';
import type { EvalMetrics } from '../src/eval/metrics.js';
import { computeMetrics, poolMetrics } from '../src/eval/metrics.js';

function metrics(m: Partial<EvalMetrics>): EvalMetrics {
  return {
    utterances: 1,
    wer: 0,
    uWer: 0,
    bWer: 0,
    precision: 1,
    recall: 1,
    f1: 1,
    counts: { refWords: 0, errors: 0, biasedRefWords: 0, biasedErrors: 0, tp: 0, fp: 0, fn: 0 },
    byCategory: {},
    ...m,
  };
}

describe('formatAblationTable', () => {
  it('prints percentages in aligned columns', () => {
    const rows: AblationRow[] = [
      {
        label: 'none',
        kind: 'none',
        stages: [],
        metrics: metrics({
          wer: 0.123,
          uWer: 0.1,
          bWer: 0.45,
          precision: 0.9,
          recall: 0.4,
          f1: 0.5538,
        }),
      },
      {
        label: 'all',
        kind: 'all',
        stages: ['boost', 'lm'],
        metrics: metrics({
          wer: 0.05,
          uWer: 0.101,
          bWer: 0.1,
          precision: 0.95,
          recall: 0.8,
          f1: 0.8686,
          counts: {
            refWords: 0,
            errors: 0,
            biasedRefWords: 0,
            biasedErrors: 0,
            tp: 0,
            fp: 3,
            fn: 0,
          },
        }),
      },
    ];
    expect(formatAblationTable(rows)).toBe(
      [
        'stages           WER  U-WER  B-WER     P     R    F1  FP',
        'none            12.3   10.0   45.0  90.0  40.0  55.4   0',
        'all (boost+lm)   5.0   10.1   10.0  95.0  80.0  86.9   3',
      ].join('\n'),
    );
  });

  it('labels the all row with its stages unless it is every stage', () => {
    const row = (stages: AblationRow['stages']): AblationRow => ({
      label: 'all',
      kind: 'all',
      stages,
      metrics: metrics({}),
    });
    expect(
      formatAblationTable([row(stageRegistry.names())])
        .split('\n')[1]
        ?.split(/ +/)[0],
    ).toBe('all');
    expect(formatAblationTable([row(['lm', 'lexicon'])])).toContain('\nall (lm+lexicon) ');
  });

  it('shows inf for a rate with no reference words', () => {
    const row: AblationRow = {
      label: 'none',
      kind: 'none',
      stages: [],
      metrics: metrics({ bWer: Infinity }),
    };
    expect(formatAblationTable([row]).split('\n')[1]).toContain('inf');
  });
});

describe('computeMetrics', () => {
  it('combines core metrics over the list entities', () => {
    const m = computeMetrics(
      [
        { ref: 'call kate smith now', hyp: 'call cate smith now' },
        { ref: 'take ibuprofen', hyp: 'take ibuprofen' },
      ],
      ['kate smith', 'ibuprofen'],
    );
    // 6 ref words, 1 substitution; biased words kate, smith, ibuprofen (3), 1 error.
    expect(m.wer).toBeCloseTo(1 / 6);
    expect(m.bWer).toBeCloseTo(1 / 3);
    expect(m.uWer).toBe(0);
    // kate smith missed (FN 1), ibuprofen found (TP 1).
    expect(m.counts).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.f1).toBeCloseTo(2 / 3);
  });

  it('scores entities per list category and pools runs by their counts', () => {
    const list = createBiasingList([
      { text: 'kate smith', category: 'person' },
      { text: 'ibuprofen', category: 'drug' },
      { text: 'ativan', category: 'drug' },
    ]);
    const a = computeMetrics(
      [
        { ref: 'call kate smith now', hyp: 'call kate smith now' },
        { ref: 'take ibuprofen', hyp: 'take ativan' },
      ],
      list,
    );
    expect(a.byCategory.person).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
    // the missed ibuprofen is a drug FN, the inserted ativan a drug FP
    expect(a.byCategory.drug).toMatchObject({ tp: 0, fp: 1, fn: 1, precision: 0, recall: 0 });
    expect(a.uWer).toBeCloseTo(
      corpusBiasedWordErrorRate(
        [
          { ref: 'call kate smith now', hyp: 'call kate smith now' },
          { ref: 'take ibuprofen', hyp: 'take ativan' },
        ],
        list,
      ).unbiased.rate,
    );
    const b = computeMetrics([{ ref: 'take ativan daily', hyp: 'take ativan' }], list);
    const pooled = poolMetrics([a, b]);
    expect(pooled.utterances).toBe(3);
    expect(pooled.counts).toMatchObject({ refWords: 9, errors: 2, tp: 2, fp: 1, fn: 1 });
    expect(pooled.wer).toBeCloseTo(2 / 9);
    expect(pooled.byCategory.drug).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5 });
    expect(pooled.uWer).toBeCloseTo(
      (pooled.counts.errors - pooled.counts.biasedErrors) /
        (pooled.counts.refWords - pooled.counts.biasedRefWords),
    );
  });
});

describe('formatCategoryTable', () => {
  it('has P/R/F1 columns per category, or nothing without categories', () => {
    const byCategory = {
      person: { tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5, f1: 2 / 3 },
    };
    const row: AblationRow = {
      label: 'lm',
      kind: 'alone',
      stages: ['lm'],
      metrics: metrics({ byCategory }),
    };
    expect(formatCategoryTable([row])).toBe(
      ['stages  person P  person R  person F1', 'lm         100.0      50.0       66.7'].join('\n'),
    );
    expect(formatCategoryTable([{ ...row, metrics: metrics({}) }])).toBe('');
  });
});
