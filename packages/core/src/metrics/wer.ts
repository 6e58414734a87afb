import { normalizeText, splitWords } from '../text.js';
import { type AlignmentOp, alignWords } from './align.js';

/** Error counts of one alignment (or a sum of several). */
export interface ErrorCounts {
  /** Number of reference words (the WER denominator). */
  readonly refWords: number;
  readonly correct: number;
  readonly sub: number;
  readonly del: number;
  readonly ins: number;
}

/** {@link ErrorCounts} with the errors and the rate. */
export interface ErrorRate extends ErrorCounts {
  /** `sub + del + ins`. */
  readonly errors: number;
  /**
   * `errors / refWords`. With no reference words: 0 when there are no errors, else `Infinity`.
   */
  readonly rate: number;
}

/** WER of one utterance, with its alignment. */
export interface WerResult extends ErrorRate {
  readonly alignment: readonly AlignmentOp[];
}

export const ZERO_COUNTS: ErrorCounts = Object.freeze({
  refWords: 0,
  correct: 0,
  sub: 0,
  del: 0,
  ins: 0,
});

/** Adds error counts field by field. */
export function addCounts(a: ErrorCounts, b: ErrorCounts): ErrorCounts {
  return {
    refWords: a.refWords + b.refWords,
    correct: a.correct + b.correct,
    sub: a.sub + b.sub,
    del: a.del + b.del,
    ins: a.ins + b.ins,
  };
}

/** Adds `errors` and `rate` to counts. */
export function errorRate(c: ErrorCounts): ErrorRate {
  const errors = c.sub + c.del + c.ins;
  const rate = c.refWords > 0 ? errors / c.refWords : errors === 0 ? 0 : Number.POSITIVE_INFINITY;
  return { ...c, errors, rate };
}

/** Counts the operations of an alignment. */
export function countAlignment(alignment: readonly AlignmentOp[]): ErrorCounts {
  const c = { refWords: 0, correct: 0, sub: 0, del: 0, ins: 0 };
  for (const a of alignment) {
    c[a.op]++;
    if (a.op !== 'ins') c.refWords++;
  }
  return c;
}

/**
 * Word error rate of one utterance. Both texts go through `normalizeText` (NFKC, lowercase,
 * whitespace) and are split on spaces; punctuation is left as it is.
 *
 * ```ts
 * const r = wordErrorRate('The cat sat', 'the hat sat down');
 * // 3 ref words; cat→hat is 1 substitution, 'down' 1 insertion
 * r.sub; r.ins; r.errors; r.rate;   // 1, 1, 2, 0.666…
 * r.alignment[1];                   // { op: 'sub', ref: 'cat', hyp: 'hat' }
 * ```
 */
export function wordErrorRate(ref: string, hyp: string): WerResult {
  const alignment = alignWords(splitWords(normalizeText(ref)), splitWords(normalizeText(hyp)));
  return { ...errorRate(countAlignment(alignment)), alignment };
}

/** A reference transcript and a recognizer's hypothesis for it. */
export interface TranscriptPair {
  readonly ref: string;
  readonly hyp: string;
}

/**
 * Corpus-level WER: counts summed over utterances, one rate over the sum (not a mean of
 * per-utterance rates), plus each utterance's result.
 *
 * ```ts
 * corpusWordErrorRate([{ ref: 'a b', hyp: 'a' }, { ref: 'c d e f', hyp: 'c d e f' }]).rate;
 * // 1 deletion / 6 ref words = 0.1666…  (the mean of 0.5 and 0 would be 0.25)
 * ```
 */
export function corpusWordErrorRate(
  pairs: readonly TranscriptPair[],
): ErrorRate & { readonly utterances: readonly WerResult[] } {
  const utterances = pairs.map((p) => wordErrorRate(p.ref, p.hyp));
  return { ...errorRate(utterances.reduce<ErrorCounts>(addCounts, ZERO_COUNTS)), utterances };
}
