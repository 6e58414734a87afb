import {
  corpusBiasedWordErrorRate,
  corpusWordErrorRate,
  type EntitySource,
  entityF1,
  type TranscriptPair,
} from '@ctcbias/core';

/**
 * Corpus metrics of one evaluation run (rates as fractions, not percent), computed by core's
 * metrics: WER; U-WER / B-WER (Le et al. 2021) over the words of the list's entries; entity
 * precision / recall / F1 over the list's entries.
 */
export interface EvalMetrics {
  readonly utterances: number;
  readonly wer: number;
  readonly uWer: number;
  readonly bWer: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly counts: {
    readonly refWords: number;
    readonly errors: number;
    readonly biasedRefWords: number;
    readonly biasedErrors: number;
    readonly tp: number;
    readonly fp: number;
    readonly fn: number;
  };
}

/** Computes {@link EvalMetrics} of reference/hypothesis pairs against the entity set. */
export function computeMetrics(
  pairs: readonly TranscriptPair[],
  entities: EntitySource,
): EvalMetrics {
  const wer = corpusWordErrorRate(pairs);
  const biased = corpusBiasedWordErrorRate(pairs, entities);
  const ent = entityF1(pairs, entities);
  return {
    utterances: pairs.length,
    wer: wer.rate,
    uWer: biased.unbiased.rate,
    bWer: biased.biased.rate,
    precision: ent.precision,
    recall: ent.recall,
    f1: ent.f1,
    counts: {
      refWords: wer.refWords,
      errors: wer.errors,
      biasedRefWords: biased.biased.refWords,
      biasedErrors: biased.biased.errors,
      tp: ent.tp,
      fp: ent.fp,
      fn: ent.fn,
    },
  };
}
