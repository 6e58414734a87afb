import { type BiasingList, CtcBiasError } from '@ctcbias/core';
import { phoneEditDistance } from './edit-distance.js';

/** A list entry whose pronunciation matches a phone sequence. */
export interface EntryMatch {
  /** Index into `BiasingList.entries`. */
  readonly entry: number;
  /** Index into that entry's `pronunciations`. */
  readonly pronunciation: number;
  /** Phone edit distance between the query and the pronunciation (0 = exact). */
  readonly distance: number;
}

/**
 * The pronunciation lexicon of a biasing list, read backwards: phone sequence → the entries
 * pronounced so. Entries' `pronunciations` are filled in by the g2g list expander earlier in the
 * pipeline; entries without any are simply not in the index.
 *
 * ```ts
 * const list = createBiasingList([
 *   { text: 'kate', pronunciations: [['K', 'EY', 'T']] },
 *   { text: 'cate', weight: 2, pronunciations: [['K', 'EY', 'T']] },
 *   { text: 'zelenskyy', pronunciations: [['Z', 'EH', 'L', 'EH', 'N', 'S', 'K', 'IY']] },
 * ]);
 * const index = new EntryPronunciationIndex(list);
 * index.lookup(['K', 'EY', 'T']);
 * // → [{ entry: 1, pronunciation: 0, distance: 0 }, { entry: 0, pronunciation: 0, distance: 0 }]
 * index.lookup(['Z', 'AH', 'L', 'EH', 'N', 'S', 'K', 'IY']);    // → []
 * index.lookup(['Z', 'AH', 'L', 'EH', 'N', 'S', 'K', 'IY'], 1); // → [{ entry: 2, …, distance: 1 }]
 * ```
 */
export class EntryPronunciationIndex {
  /** Number of (entry, pronunciation) pairs indexed. */
  readonly size: number;
  private readonly list: BiasingList;
  private readonly exact = new Map<string, EntryMatch[]>();
  private readonly all: { phones: readonly string[]; entry: number; pronunciation: number }[] = [];

  constructor(list: BiasingList) {
    this.list = list;
    list.entries.forEach((e, entry) => {
      e.pronunciations.forEach((phones, pronunciation) => {
        this.all.push({ phones, entry, pronunciation });
        const key = phones.join(' ');
        const matches = this.exact.get(key) ?? [];
        if (!matches.some((m) => m.entry === entry)) {
          matches.push({ entry, pronunciation, distance: 0 });
        }
        this.exact.set(key, matches);
      });
    });
    for (const matches of this.exact.values()) matches.sort((a, b) => this.compare(a, b));
    this.size = this.all.length;
  }

  /**
   * Entries with a pronunciation within `maxDistance` phone edits of `phones` (and with fewer
   * edits than that pronunciation has phones, so an empty query never matches). One match per
   * entry (its closest pronunciation), sorted by distance, then higher weight, then entry order.
   */
  lookup(phones: readonly string[], maxDistance = 0): EntryMatch[] {
    if (!Number.isInteger(maxDistance) || maxDistance < 0) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'maxDistance must be an integer ≥ 0', {
        value: maxDistance,
      });
    }
    if (phones.length === 0) return [];
    if (maxDistance === 0) return [...(this.exact.get(phones.join(' ')) ?? [])];
    const best = new Map<number, EntryMatch>();
    for (const p of this.all) {
      const distance = phoneEditDistance(phones, p.phones, maxDistance);
      if (distance > maxDistance || distance >= p.phones.length) continue;
      const seen = best.get(p.entry);
      if (seen === undefined || distance < seen.distance) {
        best.set(p.entry, { entry: p.entry, pronunciation: p.pronunciation, distance });
      }
    }
    return [...best.values()].sort((a, b) => this.compare(a, b));
  }

  private compare(a: EntryMatch, b: EntryMatch): number {
    const wa = this.list.entries[a.entry]?.weight ?? 0;
    const wb = this.list.entries[b.entry]?.weight ?? 0;
    return a.distance - b.distance || wb - wa || a.entry - b.entry;
  }
}
