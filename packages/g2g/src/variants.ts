import { normalizeText, type PronunciationLexicon, splitWords } from '@ctcbias/core';
import type { G2p } from './g2p.js';
import { kBestProduct, logSumExp } from './k-best.js';

/** An alternative spelling with ln P(spelling | original), approximately. */
export interface SpellingVariant {
  readonly text: string;
  readonly score: number;
}

export interface VariantOptions {
  /** Variants returned; default 3. */
  readonly count?: number;
  /** Pronunciations of the word spelled back; default 3. */
  readonly pronunciations?: number;
  /** Spellings read from each pronunciation; default 8. */
  readonly spellingsPerPronunciation?: number;
}

/**
 * Plausible other spellings of one word: its pronunciations (dictionary or g2p) spelled back
 * with the g2p model's phone→letter direction. A spelling's score sums over pronunciations:
 * ln Σ_p P(p | word) · P(spelling | p), with P(p | word) ∝ exp(pronunciation score).
 *
 * ```ts
 * wordVariants('zelenskyy', lexicon, g2p, { count: 3 });
 * // → [{ text: 'zelenski', score: -1.1 }, { text: 'zelensky', score: -1.6 }, …]
 * ```
 */
export function wordVariants(
  word: string,
  lexicon: PronunciationLexicon,
  g2p: G2p,
  options: VariantOptions = {},
): SpellingVariant[] {
  const w = normalizeText(word);
  const count = options.count ?? 3;
  if (w === '' || count < 1) return [];
  const prons = lexicon.pronounce(w, options.pronunciations ?? 3);
  if (prons.length === 0) return [];
  const norm = logSumExp(prons.map((p) => p.score));
  const terms = new Map<string, number[]>();
  for (const p of prons) {
    for (const s of g2p.spell(p.phones, options.spellingsPerPronunciation ?? 8)) {
      if (s.spelling === w) continue;
      const list = terms.get(s.spelling) ?? [];
      list.push(p.score - norm + s.score);
      terms.set(s.spelling, list);
    }
  }
  return [...terms]
    .map(([text, ts]) => ({ text, score: logSumExp(ts) }))
    .sort((a, b) => b.score - a.score || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .slice(0, count);
}

/**
 * Other spellings of a (possibly multi-word) entry: the best combinations of each word's own
 * spelling (score 0) and its {@link wordVariants}, leaving out the original itself.
 *
 * ```ts
 * entryVariants('kate smith', lexicon, g2p, { count: 2 });
 * // → [{ text: 'cate smith', score: -0.9 }, { text: 'kate smyth', score: -2.3 }]
 * ```
 */
export function entryVariants(
  text: string,
  lexicon: PronunciationLexicon,
  g2p: G2p,
  options: VariantOptions = {},
): SpellingVariant[] {
  const words = splitWords(normalizeText(text));
  const count = options.count ?? 3;
  if (words.length === 0 || count < 1) return [];
  const lists = words.map((w) => [
    { text: w, score: 0 },
    ...wordVariants(w, lexicon, g2p, { ...options, count }),
  ]);
  return kBestProduct(lists, count + 1)
    .filter((c) => c.items.some((item, i) => item.text !== words[i]))
    .slice(0, count)
    .map((c) => ({ text: c.items.map((item) => item.text).join(' '), score: c.score }));
}
