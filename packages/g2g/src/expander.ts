import {
  type BiasingList,
  type BiasingListItem,
  CtcBiasError,
  createBiasingList,
  type ListExpander,
  type PronunciationLexicon,
  splitWords,
} from '@ctcbias/core';
import type { G2p } from './g2p.js';
import { kBestProduct } from './k-best.js';
import { entryVariants } from './variants.js';

export interface G2gExpanderOptions {
  /** Where pronunciations come from (e.g. `CmuLexicon`: dictionary first, g2p for the rest). */
  readonly lexicon: PronunciationLexicon;
  /** Spells pronunciations back into variants (phone → letters). */
  readonly g2p: G2p;
  /** Most pronunciations added to an entry; default 3. */
  readonly pronunciations?: number;
  /** Most spelling variants added to an entry; default 3 (0: none). */
  readonly variants?: number;
}

const checkCount = (name: string, v: number) => {
  if (!Number.isInteger(v) || v < 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', `${name} must be a non-negative integer`, {
      value: v,
    });
  }
};

/**
 * The `g2g` list expander: adds to each entry
 * - `pronunciations`: the best concatenations of its words' pronunciations (dictionary words
 *   from the dictionary, others from g2p), up to `pronunciations`;
 * - `variants`: other spellings (see `entryVariants`), up to `variants`.
 *
 * Entries keep their order, text, weight, category, tokenizations, and the variants and
 * pronunciations they already had (those come first). An entry with a word that cannot be
 * pronounced (no letters, e.g. "42") gets no new pronunciations.
 *
 * ```ts
 * const g2g = createG2gExpander({ lexicon, g2p, pronunciations: 2, variants: 2 });
 * g2g.expand(createBiasingList(['zelenskyy'])).entries[0];
 * // → { text: 'zelenskyy', variants: ['zelenski', 'zelensky'],
 * //     pronunciations: [['Z','EH','L','EH','N','S','K','IY'], […]], … }
 * ```
 */
export function createG2gExpander(options: G2gExpanderOptions): ListExpander {
  const { lexicon, g2p } = options;
  const maxPronunciations = options.pronunciations ?? 3;
  const maxVariants = options.variants ?? 3;
  checkCount('pronunciations', maxPronunciations);
  checkCount('variants', maxVariants);
  return {
    name: 'g2g',
    expand(list: BiasingList): BiasingList {
      const items: BiasingListItem[] = list.entries.map((entry) => {
        const perWord = splitWords(entry.text).map((w) => lexicon.pronounce(w, maxPronunciations));
        const pronunciations =
          maxPronunciations === 0 || perWord.some((p) => p.length === 0)
            ? []
            : kBestProduct(perWord, maxPronunciations).map((c) => c.items.flatMap((p) => p.phones));
        const variants = entryVariants(entry.text, lexicon, g2p, { count: maxVariants }).map(
          (v) => v.text,
        );
        return {
          ...entry,
          variants: [...entry.variants, ...variants],
          pronunciations: [...entry.pronunciations, ...pronunciations],
        };
      });
      return createBiasingList(items);
    },
  };
}
