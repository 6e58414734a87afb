import {
  type BiasingList,
  createBiasingList,
  type PronunciationLexicon,
  splitWords,
  type Tokenizer,
} from '@ctcbias/core';

/**
 * Subword segmentations of one phrase, best first: the product of each word's `n` best
 * segmentations, ranked by summed score, at most `n` of them. With `n = 1` it is
 * `tokenizer.encode(phrase)`.
 *
 * ```ts
 * phraseSegmentations(tok, 'kate smith', 2);
 * // [[▁kate, ▁sm, ith], [▁ka, te, ▁sm, ith]]   (as ids)
 * ```
 */
export function phraseSegmentations(tokenizer: Tokenizer, phrase: string, n: number): number[][] {
  if (n <= 1) return [tokenizer.encode(phrase)];
  let partial: { ids: number[]; score: number }[] = [{ ids: [], score: 0 }];
  for (const word of splitWords(phrase)) {
    const options = tokenizer.nbest(word, n);
    if (options.length === 0) options.push({ ids: tokenizer.encodeWord(word), score: 0 });
    const next: { ids: number[]; score: number }[] = [];
    for (const p of partial) {
      for (const o of options) next.push({ ids: [...p.ids, ...o.ids], score: p.score + o.score });
    }
    next.sort((a, b) => b.score - a.score);
    partial = next.slice(0, n);
  }
  return partial.map((p) => p.ids).filter((ids) => ids.length > 0);
}

/**
 * Adds subword tokenizations of every entry's text and variants (`segmentationsPerPhrase`
 * each), keeping what the entry already has; a segmentation with the tokenizer's unknown token
 * is never added. An entry whose own text cannot be spelled without the unknown token (emoji,
 * Chinese, `ł` for an English model) is left out and named in `skipped`: as `<unk>` it would
 * match any unknown stretch. Entry order is kept otherwise.
 *
 * ```ts
 * tokenizeList(createBiasingList(['kate', 'łódź', '🙂']), tok, 1).skipped; // ['łódź', '🙂']
 * ```
 */
export function tokenizeList(
  list: BiasingList,
  tokenizer: Tokenizer,
  segmentationsPerPhrase: number,
): { list: BiasingList; skipped: string[] } {
  const unk = tokenizer.vocabulary.unk;
  const spelled = (ids: readonly number[]) => !ids.includes(unk);
  const skipped: string[] = [];
  const kept = list.entries.flatMap((e) => {
    if (!spelled(tokenizer.encode(e.text))) {
      skipped.push(e.text);
      return [];
    }
    const tokenizations = [e.text, ...e.variants].flatMap((t) =>
      phraseSegmentations(tokenizer, t, segmentationsPerPhrase).filter(spelled),
    );
    return [{ ...e, tokenizations: [...e.tokenizations, ...tokenizations] }];
  });
  return { list: createBiasingList(kept), skipped };
}

/**
 * Gives each entry without pronunciations up to `n` from the lexicon: the product of its words'
 * pronunciations, best first. Entries the lexicon cannot pronounce stay without.
 */
export function pronounceList(
  list: BiasingList,
  lexicon: PronunciationLexicon,
  n: number,
): BiasingList {
  if (n < 1) return list;
  return createBiasingList(
    list.entries.map((e) => {
      if (e.pronunciations.length > 0) return e;
      let partial: { phones: string[]; score: number }[] = [{ phones: [], score: 0 }];
      for (const word of splitWords(e.text)) {
        const prons = lexicon.pronounce(word, n);
        if (prons.length === 0) return e;
        const next = partial.flatMap((p) =>
          prons.map((q) => ({ phones: [...p.phones, ...q.phones], score: p.score + q.score })),
        );
        next.sort((a, b) => b.score - a.score);
        partial = next.slice(0, n);
      }
      return { ...e, pronunciations: partial.map((p) => p.phones) };
    }),
  );
}
