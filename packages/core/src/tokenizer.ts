import type { Vocabulary } from './vocabulary.js';

/** One segmentation of a word, with its log-probability under the tokenizer's model. */
export interface Segmentation {
  ids: number[];
  /** Natural-log score; higher is better. The first of `nbest` is the 1-best segmentation. */
  score: number;
}

/**
 * Text ↔ subword ids, with the *same* segmentation the model was trained with.
 * Input text is expected to be normalized already ({@link normalizeText}).
 *
 * ```ts
 * tok.encode('john smith');   // [12, 845, 90]   e.g. ▁john ▁sm ith
 * tok.encodeWord('smith');    // [845, 90]       first token carries ▁
 * tok.nbest('smith', 2);      // [{ids:[845,90], score:-3.1}, {ids:[7,33,90], score:-6.4}]
 * tok.decode([12, 845, 90]);  // 'john smith'
 * ```
 */
export interface Tokenizer {
  readonly vocabulary: Vocabulary;
  /** Encodes a (possibly multi-word) text. */
  encode(text: string): number[];
  /** Encodes one word; the first id is a word-start (`▁`) token. */
  encodeWord(word: string): number[];
  /** Up to `n` segmentations of `word`, best first. */
  nbest(word: string, n: number): Segmentation[];
  /** Ids → text; `▁` becomes a space, the result is trimmed. */
  decode(ids: readonly number[]): string;
}
