import { fnv1a64Hex } from '@ctcbias/core';
import type { G2p } from './g2p.js';

/**
 * The deterministic 5 % held-out split of CMUdict: a word is held out when the high 32 bits of
 * the FNV-1a 64 hash of its text are 0 mod 20 (the low bits of FNV mix similar words poorly).
 * All pronunciations of a word fall on the same side.
 *
 * ```ts
 * isHeldOut('cat'); // the same answer on every machine, every run
 * ```
 */
export function isHeldOut(word: string): boolean {
  return Number.parseInt(fnv1a64Hex(word).slice(0, 8), 16) % 20 === 0;
}

/** Levenshtein distance between two phone sequences. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = Math.min(up + 1, (row[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] as number;
}

/** G2P quality on a test set; rates are fractions in [0, 1]. */
export interface G2pQuality {
  readonly words: number;
  /** Phone errors of the top-1 guess against its closest reference, over those references' phones. */
  readonly per: number;
  /** Fraction of words whose top-1 guess equals one of their references. */
  readonly top1: number;
  /** Fraction of words with a reference among the top `k` guesses. */
  readonly topK: number;
  readonly k: number;
}

/**
 * Scores `g2p.pronounce` on `(word, reference pronunciations)` pairs: PER and word accuracy of
 * the top-1 guess, and word accuracy of the top `k`.
 *
 * ```ts
 * evaluateG2p(g2p, [['cat', [['K', 'AE', 'T']]]], 5);
 * // { words: 1, per: 0, top1: 1, topK: 1, k: 5 } when g2p gets "cat" right
 * ```
 */
export function evaluateG2p(
  g2p: Pick<G2p, 'pronounce'>,
  tests: Iterable<readonly [string, readonly (readonly string[])[]]>,
  k = 5,
): G2pQuality {
  let words = 0;
  let errors = 0;
  let refPhones = 0;
  let top1 = 0;
  let topK = 0;
  for (const [word, refs] of tests) {
    const guesses = g2p.pronounce(word, k);
    const best = guesses[0]?.phones ?? [];
    let dist = Number.POSITIVE_INFINITY;
    let len = 0;
    for (const r of refs) {
      const d = editDistance(best, r);
      if (d < dist) {
        dist = d;
        len = r.length;
      }
    }
    const keys = new Set(refs.map((r) => r.join(' ')));
    words++;
    errors += dist;
    refPhones += len;
    if (keys.has(best.join(' '))) top1++;
    if (guesses.some((g) => keys.has(g.phones.join(' ')))) topK++;
  }
  const rate = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return {
    words,
    per: rate(errors, refPhones),
    top1: rate(top1, words),
    topK: rate(topK, words),
    k,
  };
}
