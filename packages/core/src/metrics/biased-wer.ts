import { type AlignmentOp, alignWords } from './align.js';
import { type EntitySource, entityTexts, wordsOf } from './entities.js';
import {
  addCounts,
  type ErrorCounts,
  type ErrorRate,
  errorRate,
  type TranscriptPair,
  ZERO_COUNTS,
} from './wer.js';

/** An alignment step, marked with whether its word is a biased (list-entity) word. */
export type BiasedAlignmentOp = AlignmentOp & {
  /** For correct/sub/del: the reference word is biased; for ins: the inserted word is. */
  readonly biased: boolean;
};

/** U-WER and B-WER of one utterance (or a corpus). */
export interface BiasedWerResult {
  /** B-WER: errors on biased words over the number of biased reference words. */
  readonly biased: ErrorRate;
  /** U-WER: errors on the other words over the number of other reference words. */
  readonly unbiased: ErrorRate;
}

/**
 * U-WER and B-WER as defined by Le et al. 2021 ("Contextualized streaming end-to-end speech
 * recognition with trie-based deep biasing and shallow fusion"): the words of the reference are
 * split into *biased* words — words of a list entity; a multi-word entry contributes each of
 * its words — and *unbiased* words. After one WER alignment,
 *
 * - B-WER = (substitutions + deletions of biased reference words + insertions of biased words)
 *   / number of biased reference words,
 * - U-WER = the same for unbiased words.
 *
 * A word is biased by what it is, not where it is: with the entry "kate smith", every "kate"
 * and "smith" counts, also outside the phrase (so avoid common words in multi-word entries, or
 * expect them in B-WER). Texts are normalized with `normalizeText`.
 *
 * ```ts
 * // entities: 'kate smith', 'ibuprofen' → biased words {kate, smith, ibuprofen}
 * // ref: call kate smith now       hyp: call cate smith ibuprofen now
 * //      correct  sub(kate→cate)  correct(smith)  ins(ibuprofen)  correct(now)
 * // biased ref words: kate, smith (2);  errors: sub kate + ins ibuprofen = 2  → B-WER 2/2 = 1
 * // unbiased ref words: call, now (2);  errors: 0                             → U-WER 0
 * biasedWordErrorRate('call kate smith now', 'call cate smith ibuprofen now', ['Kate Smith', 'ibuprofen']);
 * ```
 */
export function biasedWordErrorRate(
  ref: string,
  hyp: string,
  entities: EntitySource,
): BiasedWerResult & { readonly alignment: readonly BiasedAlignmentOp[] } {
  const biasedWords = new Set(entityTexts(entities).flatMap((t) => t.split(' ')));
  const alignment = alignWords(wordsOf(ref), wordsOf(hyp)).map(
    (a): BiasedAlignmentOp => ({ ...a, biased: biasedWords.has(a.op === 'ins' ? a.hyp : a.ref) }),
  );
  const biased = { refWords: 0, correct: 0, sub: 0, del: 0, ins: 0 };
  const unbiased = { refWords: 0, correct: 0, sub: 0, del: 0, ins: 0 };
  for (const a of alignment) {
    const c = a.biased ? biased : unbiased;
    c[a.op]++;
    if (a.op !== 'ins') c.refWords++;
  }
  return { biased: errorRate(biased), unbiased: errorRate(unbiased), alignment };
}

/** Corpus U-WER / B-WER: counts summed over utterances, then one rate each. */
export function corpusBiasedWordErrorRate(
  pairs: readonly TranscriptPair[],
  entities: EntitySource,
): BiasedWerResult {
  let biased: ErrorCounts = ZERO_COUNTS;
  let unbiased: ErrorCounts = ZERO_COUNTS;
  for (const p of pairs) {
    const r = biasedWordErrorRate(p.ref, p.hyp, entities);
    biased = addCounts(biased, r.biased);
    unbiased = addCounts(unbiased, r.unbiased);
  }
  return { biased: errorRate(biased), unbiased: errorRate(unbiased) };
}
