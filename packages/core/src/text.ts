/**
 * THE text normalization used everywhere in ctcbias: biasing-list entries, reference
 * transcripts and hypotheses all pass through it before they are compared, hashed or scored.
 *
 * Steps, in order:
 * 1. Unicode NFKC (full-width letters, ligatures and compatibility forms fold to plain ones),
 * 2. lowercase, locale-independent (`String.prototype.toLowerCase`, never `toLocaleLowerCase`),
 * 3. every run of whitespace (any Unicode `\s`) becomes one ASCII space,
 * 4. leading/trailing whitespace is trimmed.
 *
 * Punctuation is kept: deciding what punctuation means is the caller's business.
 *
 * ```ts
 * normalizeText('  Ｄr.\tJOHN   Smith\n'); // 'dr. john smith'
 * ```
 */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Splits normalized text into words (on single spaces); `''` → `[]`. */
export function splitWords(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}
