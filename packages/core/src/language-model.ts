/**
 * The word the language models use for every word outside their vocabulary. Scoring it
 * (`lm.score(state, UNK_WORD)`) gives the LM's unknown-word probability — the BOOST class
 * builds on it.
 */
export const UNK_WORD = '<unk>';

/** A language model's answer for one word: its next state and ln P(word | history). */
export interface LmStep<S> {
  readonly state: S;
  /** Natural log of P(word | history); ≤ 0 for a normalized model. */
  readonly logProb: number;
}

/**
 * A word-level, stateful language model — the contract behind shallow fusion in the beam.
 *
 * `start()` gives the state at the beginning of a sentence (history `<s>`), `score(state, word)`
 * the natural-log probability of `word` after that history plus the state that includes it, and
 * `end(state)` the natural-log probability of the end of sentence (`</s>`). All logs are natural
 * logs (ARPA files store log10; readers convert). States must be immutable values: the beam
 * shares a state between hypotheses, so `score` returns a new state rather than mutating its
 * argument. Words are normalized text (`normalizeText`), one word per call. A word the model does
 * not know is scored as {@link UNK_WORD}, which every implementation must accept.
 *
 * A custom LM in a few lines — a unigram model from a table (its state carries nothing):
 *
 * ```ts
 * const table = new Map([['the', 0.5], ['cat', 0.3], ['</s>', 0.1], ['<unk>', 0.1]]);
 * const unigram: LanguageModel<null> = {
 *   start: () => null,
 *   score: (s, w) => ({ state: s, logProb: Math.log(table.get(w) ?? table.get('<unk>')!) }),
 *   end: () => Math.log(table.get('</s>')!),
 *   isOov: (w) => !table.has(w),
 * };
 * unigram.score(unigram.start(), 'cat').logProb; // ln 0.3 ≈ -1.204
 * unigram.score(unigram.start(), 'dog').logProb; // ln 0.1 (scored as <unk>)
 * ```
 */
export interface LanguageModel<S> {
  /** State for an empty sentence (history `<s>`). */
  start(): S;
  /** ln P(word | state's history) and the state after `word`. */
  score(state: S, word: string): LmStep<S>;
  /** ln P(`</s>` | state's history). */
  end(state: S): number;
  /** True when `word` is outside the model's vocabulary (it is then scored as `<unk>`). */
  isOov?(word: string): boolean;
  /**
   * True when some in-vocabulary word starts with `prefix` (`''` included), i.e. a word being
   * spelled can still turn out not to be OOV. Lets a decoder charge an OOV penalty early.
   */
  isKnownPrefix?(prefix: string): boolean;
}
