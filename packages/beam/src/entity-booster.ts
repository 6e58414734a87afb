import {
  type BiasingList,
  CtcBiasError,
  type TokenStep,
  type TokenStepContext,
  type Vocabulary,
} from '@ctcbias/core';
import { type AdaptiveBoostParams, adaptiveBoost, resolveBoostParams } from './adaptive-boost.js';
import { TokenAutomaton, type TokenPattern } from './aho-corasick.js';
import type { BoundedTokenScorer } from './beam-search.js';
import type { EntityMatch, EntityMatcher } from './entity-match.js';

/**
 * The booster's per-hypothesis state: the automaton node of the current partial match and the
 * boost it has gained so far that is still at risk. It is also a link of an immutable chain —
 * one link per token of the current partial match, newest first — so that a partial match
 * that falls back to a shorter one (failure link) can keep exactly the boosts of the tokens it
 * keeps.
 */
export class BoostState {
  constructor(
    /** Node of the {@link TokenAutomaton}. */
    readonly node: number,
    /** Boost this token received (0 once the token belongs to a confirmed match). */
    readonly boost: number,
    /**
     * Boost of the current partial match not yet confirmed: the sum of `boost` over the newest
     * `depth(node)` links. Meaningful on states returned by `step` (the head of a chain).
     */
    readonly atRisk: number,
    readonly prev: BoostState | null,
  ) {}
}

const ROOT_STATE = new BoostState(TokenAutomaton.ROOT, 0, 0, null);
const ROOT_STEP: TokenStep<BoostState> = Object.freeze({ state: ROOT_STATE, score: 0 });

/** Options of {@link compileEntityBooster}. */
export interface EntityBoosterOptions {
  /** Scorer name, the key of its scores in `Hypothesis.scores`. Default `boost`. */
  readonly name?: string;
  /** Adaptive boost curve; see `adaptiveBoost`. Defaults: margin 0.25, maxBoost 1.5, cutoff 4. */
  readonly boost?: Partial<AdaptiveBoostParams>;
  /**
   * Tokenizes an entry's text or variant when the entry has no `tokenizations` (e.g.
   * `(s) => [tokenizer.encode(s)]`). Without it, an entry with no tokenizations is an error.
   */
  readonly tokenize?: (text: string) => readonly (readonly number[])[];
}

/**
 * Adaptive subword boosting of a biasing list, as a token scorer for `beamSearch`.
 *
 * Every tokenization of every entry (canonical text and variants alike) becomes a pattern of
 * a token-level Aho-Corasick automaton ({@link TokenAutomaton}); a hypothesis's state is its
 * node there. Appending token `c` at a frame with gap `g = topLogProb − tokenLogProb`:
 *
 * 1. **Confirm.** If the previous token completed a pattern (its node ends one, possibly via an
 *    output link) and `c` starts a new word (`▁…`), that match is whole-word: the boosts of its
 *    tokens are locked in for good (longest pattern wins).
 * 2. **Advance.** The node moves to `next(node, c)`. Patterns begin with a word-start token, so
 *    a match can only start at a word start.
 * 3. **Boost.** If the new node is not the root, `c` gets `weight · β(g)` (see `adaptiveBoost`;
 *    `weight` = the largest entry weight among patterns through the node; an entry's first
 *    token is scaled by `firstTokenScale`).
 * 4. **Give back.** Tokens that dropped out of the partial match (the node became shallower
 *    than one deeper than before) return exactly the boost they gained, unless locked in 1.
 *
 * `finish` confirms a pattern completed by the last token (the utterance end is a word end)
 * and gives back every other unconfirmed boost, so no phantom partial word keeps a boost.
 * A pattern completed inside a longer word (`▁ka te` followed by `lyn`) is never confirmed.
 * With an empty list every step returns score 0 (the search is exactly the unbiased one).
 *
 * `matchEntities` replays the same rules over a finished token sequence to report which words
 * matched which entry; all words of a multi-word entry get its index.
 *
 * ```ts
 * // vocab: ▁ka=3, te=4, ▁is=5; list: "kate" → [[3, 4]]
 * const booster = compileEntityBooster(createBiasingList([{ text: 'kate', tokenizations: [[3, 4]] }]), vocab);
 * const ctx = (lp: number, ws: boolean) => ({ frame: 0, tokenLogProb: lp, topLogProb: -0.1, wordStart: ws });
 * let r = booster.step(booster.initial(), 3, ctx(-0.1, true));  // ▁ka top-1: +0.25
 * r = booster.step(r.state, 4, ctx(-1.1, false));                // te, gap 1: +1.25
 * r = booster.step(r.state, 5, ctx(-0.1, true));                 // ▁is: "kate" confirmed, +0
 * booster.finish(r.state);                                       // 0  (nothing at risk)
 * booster.matchEntities([3, 4, 5]);                              // [{entry: 0, startToken: 0, endToken: 2}]
 * ```
 */
export class EntityBooster implements BoundedTokenScorer<BoostState>, EntityMatcher {
  readonly name: string;
  readonly automaton: TokenAutomaton;
  readonly params: AdaptiveBoostParams;
  /**
   * The largest score one `step` can return (largest entry weight × `maxBoost`, × the
   * first-token scale when that is above 1). `beamSearch` uses it to run `step` only for
   * extensions that can still make the beam.
   */
  readonly maxStepScore: number;
  private readonly vocab: Vocabulary;
  private readonly firstTokenScale: number;

  constructor(
    automaton: TokenAutomaton,
    vocab: Vocabulary,
    params: AdaptiveBoostParams,
    name = 'boost',
  ) {
    this.automaton = automaton;
    this.vocab = vocab;
    this.params = params;
    this.firstTokenScale = params.firstTokenScale;
    let maxWeight = 0;
    for (let u = 1; u < automaton.size; u++)
      maxWeight = Math.max(maxWeight, automaton.weight[u] as number);
    this.maxStepScore = maxWeight * params.maxBoost * Math.max(1, params.firstTokenScale);
    this.name = name;
  }

  initial(): BoostState {
    return ROOT_STATE;
  }

  step(state: BoostState, token: number, ctx: TokenStepContext): TokenStep<BoostState> {
    const ac = this.automaton;
    const u = state.node;
    // 1. Confirm a whole-word match ending at the previous token: lock its tokens' boosts.
    let atRisk = state.atRisk;
    const lockLen = ctx.wordStart ? (ac.outLen[u] as number) : 0;
    let locked = 0;
    if (lockLen > 0) {
      let link: BoostState | null = state;
      for (let k = 0; k < lockLen && link !== null; k++) {
        locked += link.boost;
        link = link.prev;
      }
      atRisk -= locked;
    }
    // 2. Advance.
    const v = ac.next(u, token);
    if (v === TokenAutomaton.ROOT) {
      return atRisk === 0 ? ROOT_STEP : { state: ROOT_STATE, score: -atRisk };
    }
    // 4. Keep the boosts of the tokens still in the partial match (the newest d - 1).
    const d = ac.depth[v] as number;
    let prev: BoostState | null = null;
    let keep = 0;
    if (d > 1) {
      prev = locked !== 0 ? withLocked(state, lockLen, atRisk) : state;
      if (d - 1 === (ac.depth[u] as number)) {
        keep = atRisk; // plain trie edge: the whole partial match continues
      } else {
        let link: BoostState | null = prev;
        for (let k = 1; k < d && link !== null; k++) {
          keep += link.boost;
          link = link.prev;
        }
      }
    }
    // 3. Boost.
    const scale = d === 1 ? this.firstTokenScale : 1;
    const b =
      (ac.weight[v] as number) *
      scale *
      adaptiveBoost(ctx.topLogProb - ctx.tokenLogProb, this.params);
    return {
      state: new BoostState(v, b, keep + b, prev),
      score: b - (atRisk - keep),
    };
  }

  finish(state: BoostState): number {
    const len = this.automaton.outLen[state.node] as number;
    let locked = 0;
    let link: BoostState | null = state;
    for (let k = 0; k < len && link !== null; k++) {
      locked += link.boost;
      link = link.prev;
    }
    const lost = state.atRisk - locked;
    return lost === 0 ? 0 : -lost;
  }

  matchEntities(tokens: readonly number[]): readonly EntityMatch[] {
    const ac = this.automaton;
    const found: EntityMatch[] = [];
    let u = TokenAutomaton.ROOT;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i] as number;
      const len = ac.outLen[u] as number;
      if (len > 0 && this.vocab.isWordStart(tok)) {
        found.push({ entry: ac.outEntry[u] as number, startToken: i - len, endToken: i });
      }
      u = ac.next(u, tok);
    }
    const len = ac.outLen[u] as number;
    if (len > 0) {
      found.push({
        entry: ac.outEntry[u] as number,
        startToken: tokens.length - len,
        endToken: tokens.length,
      });
    }
    return resolveOverlaps(found);
  }
}

/**
 * Compiles a biasing list into an {@link EntityBooster}. Linear in the total length of the
 * tokenizations. Throws `CtcBiasError('INVALID_ARGUMENT')` for an entry without tokenizations
 * (and no `tokenize` option), a token id outside the vocabulary or equal to blank, or a
 * tokenization whose first token does not start a word (`▁`).
 */
export function compileEntityBooster(
  list: BiasingList,
  vocab: Vocabulary,
  options: EntityBoosterOptions = {},
): EntityBooster {
  const params = resolveBoostParams(options.boost);
  const patterns: TokenPattern[] = [];
  list.entries.forEach((entry, index) => {
    let toks = entry.tokenizations;
    if (toks.length === 0) {
      if (options.tokenize === undefined) {
        throw new CtcBiasError(
          'INVALID_ARGUMENT',
          `list entry ${index} has no tokenizations (tokenize the list, or pass options.tokenize)`,
          { value: entry.text },
        );
      }
      const tokenize = options.tokenize;
      toks = [entry.text, ...entry.variants].flatMap((text) => tokenize(text));
    }
    for (const tokens of toks) {
      checkTokenization(tokens, vocab, entry.text);
      patterns.push({ tokens, entry: index, weight: entry.weight });
    }
  });
  return new EntityBooster(TokenAutomaton.build(patterns), vocab, params, options.name ?? 'boost');
}

function checkTokenization(tokens: readonly number[], vocab: Vocabulary, text: string): void {
  if (tokens.length === 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', `empty tokenization for "${text}"`);
  }
  for (const id of tokens) {
    if (!Number.isInteger(id) || id < 0 || id >= vocab.size || id === vocab.blank) {
      throw new CtcBiasError('INVALID_ARGUMENT', `bad token id in tokenization of "${text}"`, {
        value: id,
      });
    }
  }
  if (!vocab.isWordStart(tokens[0] as number)) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      `tokenization of "${text}" does not start with a word-start (\u2581) token`,
      { value: tokens.map((id) => vocab.token(id)) },
    );
  }
}

/**
 * A copy of `state` whose newest `n` links have boost 0 (their match is confirmed), with
 * `atRisk` as given.
 */
function withLocked(state: BoostState, n: number, atRisk: number): BoostState {
  return new BoostState(state.node, 0, atRisk, zeroNewest(state.prev, n - 1));
}

/** The chain from `link` with its newest `k` links' boosts set to 0 (shares the rest). */
function zeroNewest(link: BoostState | null, k: number): BoostState | null {
  if (link === null || k === 0) return link;
  return new BoostState(link.node, 0, 0, zeroNewest(link.prev, k - 1));
}

/** Non-overlapping matches, longest first (then leftmost), returned in text order. */
function resolveOverlaps(found: EntityMatch[]): EntityMatch[] {
  if (found.length < 2) return found;
  const byLength = [...found].sort(
    (a, b) =>
      b.endToken - b.startToken - (a.endToken - a.startToken) || a.startToken - b.startToken,
  );
  const covered = new Uint8Array(Math.max(...found.map((m) => m.endToken)));
  const kept: EntityMatch[] = [];
  for (const m of byLength) {
    let free = true;
    for (let i = m.startToken; i < m.endToken && free; i++) free = covered[i] === 0;
    if (!free) continue;
    covered.fill(1, m.startToken, m.endToken);
    kept.push(m);
  }
  return kept.sort((a, b) => a.startToken - b.startToken);
}
