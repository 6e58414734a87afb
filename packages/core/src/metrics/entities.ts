import type { BiasingList } from '../biasing-list.js';
import { normalizeText, splitWords } from '../text.js';

/** The entities a metric is computed for: a biasing list, or plain phrases. */
export type EntitySource = BiasingList | readonly string[];

/** Normalized entity texts (`normalizeText`), duplicates and empty ones dropped, in order. */
export function entityTexts(entities: EntitySource): string[] {
  const texts = Array.isArray(entities)
    ? (entities as readonly string[])
    : (entities as BiasingList).entries.map((e) => e.text);
  const out = new Set<string>();
  for (const t of texts) {
    const n = normalizeText(t);
    if (n !== '') out.add(n);
  }
  return [...out];
}

/**
 * Number of non-overlapping occurrences of the word sequence `phrase` in `words`, scanning left
 * to right, on word boundaries: `countPhrase(['a','b','a','b'], ['a','b'])` is 2,
 * `countPhrase(['ab'], ['a'])` is 0.
 */
export function countPhrase(words: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return 0;
  let count = 0;
  for (let i = 0; i + phrase.length <= words.length; ) {
    let k = 0;
    while (k < phrase.length && words[i + k] === phrase[k]) k++;
    if (k === phrase.length) {
      count++;
      i += phrase.length;
    } else {
      i++;
    }
  }
  return count;
}

/** Words of normalized text. */
export function wordsOf(text: string): string[] {
  return splitWords(normalizeText(text));
}
