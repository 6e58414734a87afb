import { type BiasingList, CtcBiasError } from '@ctcbias/core';

/**
 * Which tokenizations of an entry become attention rows.
 *
 * - `'first'` (default): one row per entry, from `tokenizations[0]` — the canonical text's
 *   segmentation, which is what the adapter was trained on (one `sp.encode(word)` per entry).
 * - `'all'`: one row per distinct tokenization (other segmentations and spelling variants),
 *   each mapped back to its entry; the attention of an entry is the sum over its rows. More rows
 *   act like a longer list (attention spreads thinner, as the paper's F1-vs-list-size curve shows),
 *   and a variant's row pulls the posteriors toward the variant's spelling, so use it only when
 *   the decoder maps variants back to entries.
 */
export type EntryTokenizations = 'first' | 'all';

/**
 * The attention rows of a list: token sequences (truncated to `maxEntryTokens`) and the entry each
 * row belongs to. With `'first'` row r is entry r.
 *
 * ```ts
 * // entries: 0 'kate' tokenizations [[5, 6]]; 1 'ann' tokenizations [[7], [8, 9]]
 * entryRows(list, 32, 'first'); // { tokens: [[5, 6], [7]],         rowEntry: [0, 1] }
 * entryRows(list, 32, 'all');   // { tokens: [[5, 6], [7], [8, 9]], rowEntry: [0, 1, 1] }
 * ```
 */
export interface EntryRows {
  readonly tokens: readonly (readonly number[])[];
  readonly rowEntry: Int32Array;
}

/**
 * Builds the rows. Throws INVALID_ARGUMENT for an entry without a tokenization (tokenize the list
 * with the base model's tokenizer first) or, when `vocabSize` is given, a token id outside it.
 */
export function entryRows(
  list: BiasingList,
  maxEntryTokens: number,
  mode: EntryTokenizations,
  vocabSize?: number,
): EntryRows {
  const tokens: (readonly number[])[] = [];
  const rowEntry: number[] = [];
  list.entries.forEach((entry, index) => {
    const first = entry.tokenizations[0];
    if (first === undefined || first.length === 0) {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        `biasing list entry ${index} "${entry.text}" has no tokenization; the adapter needs ` +
          'subword ids (tokenize the list with the base model tokenizer first)',
      );
    }
    const seqs = mode === 'first' ? [first] : entry.tokenizations;
    const seen = new Set<string>();
    for (const seq of seqs) {
      const row = seq.slice(0, maxEntryTokens);
      if (vocabSize !== undefined) {
        const bad = row.find((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize);
        if (bad !== undefined) {
          throw new CtcBiasError(
            'INVALID_ARGUMENT',
            `biasing list entry ${index} "${entry.text}" has token id outside the vocabulary [0, ${vocabSize})`,
            { value: bad },
          );
        }
      }
      const key = row.join(',');
      if (row.length === 0 || seen.has(key)) continue;
      seen.add(key);
      tokens.push(row);
      rowEntry.push(index);
    }
  });
  return { tokens, rowEntry: Int32Array.from(rowEntry) };
}
