import {
  CtcBiasError,
  type LanguageModel,
  type TokenScorer,
  type TokenStep,
  type TokenStepContext,
  type Vocabulary,
} from '@ctcbias/core';

/** Options of {@link ShallowFusionScorer}. */
export interface ShallowFusionOptions<S> {
  /** The acoustic model's tokens (`▁` starts a word). */
  readonly vocabulary: Vocabulary;
  /** Word-level LM — an {@link NgramLm}, a {@link BoostClassLm}, or your own. */
  readonly lm: LanguageModel<S>;
  /** LM weight α (multiplies the natural-log LM probability). */
  readonly alpha: number;
  /** Word insertion bonus β, added once per completed word. */
  readonly beta: number;
  /**
   * Added once to the score of a word the LM reports as out of vocabulary (`lm.isOov(word)`),
   * e.g. -10 as in pyctcdecode's `unk_score_offset`; default 0. It is charged as soon as the
   * word being spelled can no longer become a known word (`lm.isKnownPrefix`), not only when it
   * completes. With a {@link BoostClassLm}, list entries are never OOV, so a negative offset
   * separates them from other unknown words.
   */
  readonly oovOffset?: number;
  /** Key under which the scores appear in `Hypothesis.scores` (default `lm`). */
  readonly name?: string;
}

/** State of a {@link ShallowFusionScorer}: the LM state of the completed words + the open word. */
export interface FusionState<S> {
  readonly lm: S;
  /** Text of the word being spelled (no LM score yet); `''` before the first word. */
  readonly partial: string;
  /** The OOV offset has already been charged for `partial`. */
  readonly charged: boolean;
}

/**
 * Shallow fusion of a word-level LM into CTC prefix beam search, as a core `TokenScorer`.
 *
 * A word is scored when it is complete — when the next word-start token (`▁…`) arrives, or at
 * `finish` — with `α · ln P(word | history) + β (+ oovOffset if the word is OOV)`; `finish`
 * adds `α · ln P(</s> | history)` too. Tokens inside a word score 0, so a hypothesis spelling
 * an entity the LM finds unlikely is not cut off before the word is complete: the LM's opinion
 * arrives in one piece at the word's end. The one exception is the OOV offset, a look-ahead
 * bound: it is charged at the first token after which no known word (LM or list,
 * `lm.isKnownPrefix`) can be spelled any more — otherwise a hypothesis that simply never ends
 * an OOV word (dropping the words after it) would outrank the one that does.
 *
 * ```ts
 * // tokens: 0 <blk>, 1 ▁the, 2 ▁c, 3 at, 4 ▁k
 * const scorer = new ShallowFusionScorer({ vocabulary, lm, alpha: 0.5, beta: 1 });
 * let s = scorer.initial();
 * s = scorer.step(s, 1, ctx).state;   // score 0 — "the" is still open
 * s = scorer.step(s, 2, ctx).state;   // score 0.5·ln P(the | <s>) + 1 — "the" completed
 * s = scorer.step(s, 3, ctx).state;   // score 0 — "cat" open
 * scorer.finish(s);                   // 0.5·ln P(cat | the) + 1 + 0.5·ln P(</s> | the cat)
 * ```
 *
 * Tokens without `▁` continue the open word verbatim (a `<unk>` token thus makes the word OOV).
 */
export class ShallowFusionScorer<S> implements TokenScorer<FusionState<S>> {
  readonly name: string;
  readonly alpha: number;
  readonly beta: number;
  readonly oovOffset: number;
  private readonly lm: LanguageModel<S>;
  private readonly pieces: readonly string[];
  private readonly wordStart: Uint8Array;
  private readonly start: FusionState<S>;

  constructor(options: ShallowFusionOptions<S>) {
    const { vocabulary, lm, alpha, beta } = options;
    const oovOffset = options.oovOffset ?? 0;
    for (const [k, x] of [
      ['alpha', alpha],
      ['beta', beta],
      ['oovOffset', oovOffset],
    ] as const) {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new CtcBiasError('INVALID_ARGUMENT', `${k} must be a finite number`, { value: x });
      }
    }
    this.name = options.name ?? 'lm';
    this.alpha = alpha;
    this.beta = beta;
    this.oovOffset = oovOffset;
    this.lm = lm;
    this.wordStart = Uint8Array.from(vocabulary.tokens, (_, i) =>
      vocabulary.isWordStart(i) ? 1 : 0,
    );
    this.pieces = vocabulary.tokens.map((t, i) => (this.wordStart[i] === 1 ? t.slice(1) : t));
    this.start = { lm: lm.start(), partial: '', charged: false };
  }

  initial(): FusionState<S> {
    return this.start;
  }

  step(state: FusionState<S>, token: number, _ctx: TokenStepContext): TokenStep<FusionState<S>> {
    const piece = this.pieces[token];
    if (piece === undefined) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'token id out of range', { value: token });
    }
    let lmState = state.lm;
    let score = 0;
    let partial: string;
    let charged: boolean;
    if (this.wordStart[token] === 0 || state.partial === '') {
      partial = state.partial + piece;
      charged = state.charged;
    } else {
      const done = this.scoreWord(lmState, state.partial, state.charged);
      lmState = done.lm;
      score = done.score;
      partial = piece;
      charged = false;
    }
    if (!charged && this.oovOffset !== 0 && this.lm.isKnownPrefix?.(partial) === false) {
      score += this.oovOffset;
      charged = true;
    }
    return { state: { lm: lmState, partial, charged }, score };
  }

  finish(state: FusionState<S>): number {
    let lmState = state.lm;
    let score = 0;
    if (state.partial !== '') {
      const done = this.scoreWord(lmState, state.partial, state.charged);
      lmState = done.lm;
      score = done.score;
    }
    return score + this.alpha * this.lm.end(lmState);
  }

  private scoreWord(lmState: S, word: string, charged: boolean): { lm: S; score: number } {
    const r = this.lm.score(lmState, word);
    let score = this.alpha * r.logProb + this.beta;
    if (!charged && this.oovOffset !== 0 && this.lm.isOov?.(word) === true) score += this.oovOffset;
    return { lm: r.state, score };
  }
}
