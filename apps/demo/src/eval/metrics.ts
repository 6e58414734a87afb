import {
  type BiasingList,
  corpusBiasedWordErrorRate,
  corpusWordErrorRate,
  type EntityScores,
  type EntitySource,
  entityF1,
  entityScores,
  type TranscriptPair,
} from '@ctcbias/core';

/** The error and entity counts behind {@link EvalMetrics}; counts of several runs add up. */
export interface EvalCounts {
  readonly refWords: number;
  readonly errors: number;
  readonly biasedRefWords: number;
  readonly biasedErrors: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/**
 * Corpus metrics of one evaluation run (rates as fractions, not percent), computed by core's
 * metrics: WER; U-WER / B-WER (Le et al. 2021) over the words of the list's entries; entity
 * precision / recall / F1 over the list's entries; and, when the list has `[category]`
 * sections, entity scores per category (a true entity counts for its entry's category, an
 * emitted entry for its own: a false `[drug]` entry lowers drug precision).
 *
 * ```ts
 * computeMetrics([{ ref: 'call gorovitz now', hyp: 'call gorovitz' }], ['gorovitz']);
 * // { utterances: 1, wer: 1/3, uWer: 0.5, bWer: 0, precision: 1, recall: 1, f1: 1,
 * //   counts: { refWords: 3, errors: 1, biasedRefWords: 1, biasedErrors: 0, tp: 1, fp: 0, fn: 0 },
 * //   byCategory: {} }
 * ```
 */
export interface EvalMetrics {
  readonly utterances: number;
  readonly wer: number;
  readonly uWer: number;
  readonly bWer: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly counts: EvalCounts;
  /** Entity scores per list category, in the list's order of first appearance. */
  readonly byCategory: Readonly<Record<string, EntityScores>>;
}

/** Computes {@link EvalMetrics} of reference/hypothesis pairs against the entity set. */
export function computeMetrics(
  pairs: readonly TranscriptPair[],
  entities: EntitySource,
): EvalMetrics {
  const wer = corpusWordErrorRate(pairs);
  const biased = corpusBiasedWordErrorRate(pairs, entities);
  const ent = entityF1(pairs, entities);
  const byCategory: Record<string, EntityScores> = {};
  for (const [category, texts] of categoryTexts(entities)) {
    byCategory[category] = entityF1(pairs, texts);
  }
  return metricsFromCounts(
    pairs.length,
    {
      refWords: wer.refWords,
      errors: wer.errors,
      biasedRefWords: biased.biased.refWords,
      biasedErrors: biased.biased.errors,
      tp: ent.tp,
      fp: ent.fp,
      fn: ent.fn,
    },
    byCategory,
  );
}

/**
 * The metrics of several runs taken together, e.g. one set decoded with each of K disjoint
 * 100-entry lists (`eval --list a.txt --list b.txt`): counts add up, then the rates are
 * computed once — not an average of the runs' rates.
 */
export function poolMetrics(runs: readonly EvalMetrics[]): EvalMetrics {
  const sum = (f: (c: EvalCounts) => number) => runs.reduce((s, r) => s + f(r.counts), 0);
  const byCategory: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const r of runs) {
    for (const [category, s] of Object.entries(r.byCategory)) {
      const c = byCategory[category] ?? { tp: 0, fp: 0, fn: 0 };
      byCategory[category] = { tp: c.tp + s.tp, fp: c.fp + s.fp, fn: c.fn + s.fn };
    }
  }
  return metricsFromCounts(
    runs.reduce((s, r) => s + r.utterances, 0),
    {
      refWords: sum((c) => c.refWords),
      errors: sum((c) => c.errors),
      biasedRefWords: sum((c) => c.biasedRefWords),
      biasedErrors: sum((c) => c.biasedErrors),
      tp: sum((c) => c.tp),
      fp: sum((c) => c.fp),
      fn: sum((c) => c.fn),
    },
    Object.fromEntries(Object.entries(byCategory).map(([k, c]) => [k, entityScores(c)])),
  );
}

function metricsFromCounts(
  utterances: number,
  counts: EvalCounts,
  byCategory: Record<string, EntityScores>,
): EvalMetrics {
  // as core's errorRate: no reference words of a kind gives 0, or infinity with errors
  const rate = (errors: number, words: number) =>
    words > 0 ? errors / words : errors === 0 ? 0 : Number.POSITIVE_INFINITY;
  const ent = entityScores(counts);
  return {
    utterances,
    wer: rate(counts.errors, counts.refWords),
    uWer: rate(counts.errors - counts.biasedErrors, counts.refWords - counts.biasedRefWords),
    bWer: rate(counts.biasedErrors, counts.biasedRefWords),
    precision: ent.precision,
    recall: ent.recall,
    f1: ent.f1,
    counts,
    byCategory,
  };
}

/** Entry texts by category, for a list with `[category]` sections (none for plain phrases). */
function categoryTexts(entities: EntitySource): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (Array.isArray(entities)) return out;
  for (const e of (entities as BiasingList).entries) {
    if (e.category === undefined) continue;
    const texts = out.get(e.category) ?? [];
    texts.push(e.text);
    out.set(e.category, texts);
  }
  return out;
}
