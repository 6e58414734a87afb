import {
  CtcBiasError,
  normalizeText,
  type Pronunciation,
  type PronunciationLexicon,
} from '@ctcbias/core';
import type { PronouncingDictionary } from './cmudict.js';
import type { G2p } from './g2p.js';
import { kBestProduct } from './k-best.js';

export interface CmuLexiconOptions {
  /** g2p guesses returned for an unknown word when `pronounce` gets no `n`; default 3. */
  readonly g2pCount?: number;
  /** Unknown words whose g2p guesses are remembered; default 10 000 (0 turns caching off). */
  readonly cacheSize?: number;
}

/** Parts of a compound such as "jean-luc" or "walmart.com", each looked up on its own. */
const PART_SEPARATOR = /[\s\-_./]+/;

/**
 * A pronunciation lexicon backed by a pronouncing dictionary (CMUdict) with a g2p model for
 * the words it lacks.
 *
 * - a dictionary word → all its dictionary pronunciations, score 0, `source: 'dictionary'`;
 * - a compound ("jean-luc") → the k best concatenations of its parts' pronunciations;
 * - any other word → the g2p k best, `source: 'g2p'`, score ln P(phones | word);
 * - nothing pronounceable (no g2p model, or no letters) → `[]`.
 *
 * ```ts
 * const lexicon = new CmuLexicon(parseCmudict({ cat: 'K AE1 T' }), g2p);
 * lexicon.pronounce('Cat');        // [{ phones: ['K','AE','T'], score: 0, source: 'dictionary' }]
 * lexicon.pronounce('zelenskyy');  // 3 g2p guesses, best first
 * ```
 */
export class CmuLexicon implements PronunciationLexicon {
  readonly dictionary: PronouncingDictionary;
  readonly g2p: G2p | undefined;
  private readonly g2pCount: number;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, readonly Pronunciation[]>();

  constructor(dictionary: PronouncingDictionary, g2p?: G2p, options: CmuLexiconOptions = {}) {
    this.dictionary = dictionary;
    this.g2p = g2p;
    this.g2pCount = options.g2pCount ?? 3;
    this.cacheSize = options.cacheSize ?? 10_000;
    if (!Number.isInteger(this.g2pCount) || this.g2pCount < 1) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'g2pCount must be a positive integer', {
        value: this.g2pCount,
      });
    }
  }

  /** True when the dictionary has the word (after `normalizeText`). */
  has(word: string): boolean {
    return this.dictionary.has(normalizeText(word));
  }

  pronounce(word: string, n?: number): readonly Pronunciation[] {
    if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'n must be a non-negative integer', { value: n });
    }
    const w = normalizeText(word);
    if (w === '' || n === 0) return [];
    const known = this.dictionary.get(w);
    if (known !== undefined) {
      return known
        .slice(0, n)
        .map((phones) => Object.freeze({ phones, score: 0, source: 'dictionary' as const }));
    }
    const parts = w.split(PART_SEPARATOR).filter((p) => p !== '');
    if (parts.length > 1) {
      const lists = parts.map((p) => this.pronounce(p, n ?? this.g2pCount));
      if (lists.some((l) => l.length === 0)) return [];
      return kBestProduct(lists, n ?? this.g2pCount).map(({ items, score }) =>
        Object.freeze({
          phones: Object.freeze(items.flatMap((p) => p.phones)),
          score,
          source: items.every((p) => p.source === 'dictionary')
            ? ('dictionary' as const)
            : ('g2p' as const),
        }),
      );
    }
    return this.guess(w, n ?? this.g2pCount);
  }

  private guess(word: string, k: number): readonly Pronunciation[] {
    if (this.g2p === undefined) return [];
    const key = `${k} ${word}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const result = Object.freeze(
      this.g2p.pronounce(word, k).map((g) =>
        Object.freeze({
          phones: Object.freeze(g.phones),
          score: g.score,
          source: 'g2p' as const,
        }),
      ),
    );
    if (this.cacheSize > 0) {
      if (this.cache.size >= this.cacheSize) this.cache.clear();
      this.cache.set(key, result);
    }
    return result;
  }
}
