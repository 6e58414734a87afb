/**
 * One pronunciation of a word with its score and where it came from.
 *
 * ```ts
 * { phones: ['K', 'AE', 'T'], score: 0, source: 'dictionary' }          // "cat" from CMUdict
 * { phones: ['Z', 'EH', 'L', 'EH', 'N', 'S', 'K', 'IY'], score: -0.41, source: 'g2p' } // unknown name
 * ```
 */
export interface Pronunciation {
  /** Stressless ARPAbet phones (see `ARPABET_PHONES`). */
  readonly phones: readonly string[];
  /** Natural-log score, ≤ 0: 0 for dictionary entries, log P(phones | word) for g2p guesses. */
  readonly score: number;
  /** `dictionary`: a pronouncing dictionary; `g2p`: predicted from spelling; `list`: a biasing-list entry. */
  readonly source: 'dictionary' | 'g2p' | 'list';
}

/**
 * Word → pronunciations. Dictionary words return their dictionary pronunciations (score 0, in
 * dictionary order); unknown words return the k best grapheme-to-phone guesses, best first.
 *
 * ```ts
 * lexicon.pronounce('cat');          // [{ phones: ['K','AE','T'], score: 0, source: 'dictionary' }]
 * lexicon.pronounce('zelenskyy', 2); // two g2p guesses, best first
 * lexicon.pronounce('');             // []
 * ```
 */
export interface PronunciationLexicon {
  /**
   * Pronunciations of one word (normalized, lowercase), best first; at most `n` of them when
   * `n` is given. Never throws for an unknown word; returns `[]` when nothing can be said.
   */
  pronounce(word: string, n?: number): readonly Pronunciation[];
}
