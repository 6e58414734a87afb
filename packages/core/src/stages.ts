import type { BiasingList } from './biasing-list.js';
import type { EncoderOutput } from './encoder-output.js';
import type { Hypothesis, NBest } from './hypothesis.js';

/** What the beam tells a {@link TokenScorer} about the token being appended. */
export interface TokenStepContext {
  /** Frame at which the token is emitted. */
  readonly frame: number;
  /** log P(token | frame), natural log. */
  readonly tokenLogProb: number;
  /** Best log-prob of any symbol in this frame (for adaptive, gap-based boosts). */
  readonly topLogProb: number;
  /** The token begins a new word (its string starts with `▁`). */
  readonly wordStart: boolean;
}

/** A scorer's answer for one appended token: its next state and a score to add. */
export interface TokenStep<S> {
  readonly state: S;
  /** Natural-log-domain score added to the hypothesis (may be negative, e.g. giving back a boost). */
  readonly score: number;
}

/**
 * A token-level scoring plugin for CTC prefix beam search (entity trie boost, n-gram LM, …).
 *
 * The beam calls `initial()` once per utterance, `step()` each time a hypothesis appends a
 * (non-blank, non-repeated) token, and `finish()` once per surviving hypothesis at the end.
 * Every returned score is added to the hypothesis's `score` and accumulated under
 * `scores[name]`.
 *
 * States must be immutable values: the beam shares one state between hypotheses that extend
 * the same prefix, so `step` must return a new state instead of mutating its argument.
 *
 * ```ts
 * // Boosts each token of the entry "▁kate" (ids [5, 6]) by 1; gives the boost back if the
 * // match breaks off or the utterance ends mid-entry.
 * type S = { readonly pos: number; readonly gained: number };
 * const boost: TokenScorer<S> = {
 *   name: 'boost',
 *   initial: () => ({ pos: 0, gained: 0 }),
 *   step(s, token) {
 *     const entry = [5, 6];
 *     if (token === entry[s.pos]) {
 *       const done = s.pos + 1 === entry.length;
 *       return { state: done ? { pos: 0, gained: 0 } : { pos: s.pos + 1, gained: s.gained + 1 }, score: 1 };
 *     }
 *     return { state: { pos: 0, gained: 0 }, score: -s.gained }; // give back a failed partial match
 *   },
 *   finish: (s) => -s.gained,
 * };
 * // tokens 5, 6     → +1, +1, finish 0   (total +2)
 * // tokens 5, 9     → +1, -1, finish 0   (total  0)
 * // tokens 5 (end)  → +1,     finish -1  (total  0)
 * ```
 */
export interface TokenScorer<S> {
  /** Key under which this scorer's scores appear in `Hypothesis.scores` (e.g. `boost`, `lm`). */
  readonly name: string;
  initial(): S;
  step(state: S, token: number, ctx: TokenStepContext): TokenStep<S>;
  /** Score adjustment at the end of the utterance (unfinished partial match, LM end-of-sentence). */
  finish(state: S): number;
}

/**
 * Transforms the encoder output before decoding — the contextual adapter, which attends from
 * hidden states to list-entry embeddings and returns biased subword posteriors.
 *
 * ```ts
 * const adapter: EncoderOutputTransform = {
 *   name: 'adapter',
 *   async transform(out, list) {
 *     const biased = await runAdapter(out.hidden!, list); // Posteriors, same shape as out.subword
 *     return { ...out, subword: biased };
 *   },
 * };
 * ```
 */
export interface EncoderOutputTransform {
  readonly name: string;
  transform(output: EncoderOutput, list: BiasingList): Promise<EncoderOutput>;
}

/**
 * Re-ranks an n-best list — phonetic-distance rescoring against phone posteriors. It returns a
 * new list, best first, with its contribution recorded under `scores[name]` and added to `score`.
 *
 * ```ts
 * const phonetic: NBestRescorer = {
 *   name: 'phonetic',
 *   rescore(nbest, out) {
 *     return nbest
 *       .map((h) => { const s = alignCost(h, out.phone!);
 *                     return { ...h, score: h.score + s, scores: { ...h.scores, phonetic: s } }; })
 *       .sort((a, b) => b.score - a.score);
 *   },
 * };
 * ```
 */
export interface NBestRescorer {
  readonly name: string;
  rescore(nbest: NBest, output: EncoderOutput, list: BiasingList): NBest;
}

/**
 * Rewrites the final transcript — pronunciation-lexicon lookup replaces a word whose aligned
 * phones exactly match a list entry's pronunciation, setting `WordSpan.entry`.
 *
 * ```ts
 * // phones of "cate" = K EY T = pronunciation of entry 0 "kate"
 * lexicon.rewrite({ ...h, text: 'cate', words: [{ text: 'cate', startFrame: 3, endFrame: 9 }] }, out, list);
 * // → text 'kate', words [{ text: 'kate', startFrame: 3, endFrame: 9, entry: 0 }]
 * ```
 */
export interface TranscriptRewriter {
  readonly name: string;
  rewrite(hypothesis: Hypothesis, output: EncoderOutput, list: BiasingList): Hypothesis;
}

/**
 * Expands a biasing list — G2G adds spelling variants and pronunciations to each entry. Entry
 * order and count must be preserved (indices are referenced by `WordSpan.entry`).
 *
 * ```ts
 * g2g.expand(createBiasingList(['kate']));
 * // → entries[0] = { text: 'kate', variants: ['cate', 'kait'], pronunciations: [['K','EY','T']], … }
 * ```
 */
export interface ListExpander {
  readonly name: string;
  expand(list: BiasingList): BiasingList;
}
