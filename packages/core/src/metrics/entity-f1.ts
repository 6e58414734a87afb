import { countPhrase, type EntitySource, entityTexts, wordsOf } from './entities.js';
import type { TranscriptPair } from './wer.js';

/** Entity match counts. */
export interface EntityCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** Entity counts with precision, recall and F1. */
export interface EntityScores extends EntityCounts {
  /** `tp / (tp + fp)`; 1 when the hypothesis claims no entity. */
  readonly precision: number;
  /** `tp / (tp + fn)`; 1 when the reference has no entity. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
}

/**
 * Entity counts for one utterance (DESIGN.md): for each entry, with `r` / `h` its occurrences in
 * the reference / hypothesis — whole phrases on word boundaries, non-overlapping, after
 * `normalizeText`; a multi-word entry counts as one —
 * TP = min(r, h), FP = h − TP, FN = r − TP; summed over the entries.
 *
 * ```ts
 * // entries: 'kate smith', 'ibuprofen'
 * // ref: give kate smith ibuprofen and ibuprofen     (kate smith ×1, ibuprofen ×2)
 * // hyp: give kate smith ibuprofen and kate smith    (kate smith ×2, ibuprofen ×1)
 * // kate smith: TP 1, FP 1, FN 0;  ibuprofen: TP 1, FP 0, FN 1  → { tp: 2, fp: 1, fn: 1 }
 * entityCounts('give kate smith ibuprofen and ibuprofen',
 *              'give kate smith ibuprofen and kate smith', ['kate smith', 'ibuprofen']);
 * ```
 */
export function entityCounts(ref: string, hyp: string, entities: EntitySource): EntityCounts {
  const refWords = wordsOf(ref);
  const hypWords = wordsOf(hyp);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const text of entityTexts(entities)) {
    const phrase = text.split(' ');
    const r = countPhrase(refWords, phrase);
    const h = countPhrase(hypWords, phrase);
    const t = Math.min(r, h);
    tp += t;
    fp += h - t;
    fn += r - t;
  }
  return { tp, fp, fn };
}

/** Precision, recall and F1 from counts (see {@link EntityScores} for the empty cases). */
export function entityScores(c: EntityCounts): EntityScores {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

/**
 * Entity precision / recall / F1 over a set of utterances: counts from {@link entityCounts}
 * summed over the utterances, then scored once.
 */
export function entityF1(pairs: readonly TranscriptPair[], entities: EntitySource): EntityScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pairs) {
    const c = entityCounts(p.ref, p.hyp, entities);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return entityScores({ tp, fp, fn });
}
