/**
 * Answers "does any of these words start with `prefix`?" by binary search over the words
 * sorted by UTF-16 code units (the first word ≥ `prefix` is the only candidate).
 *
 * ```ts
 * const p = new WordPrefixes(['cat', 'car', 'dog']);
 * p.has('ca');  // true
 * p.has('cow'); // false
 * p.has('');    // true (any word)
 * ```
 */
export class WordPrefixes {
  private readonly sorted: readonly string[];

  constructor(words: Iterable<string>) {
    this.sorted = [...new Set(words)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  has(prefix: string): boolean {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < s.length && (s[lo] as string).startsWith(prefix);
  }
}
