import {
  type BiasingList,
  CtcBiasError,
  type LanguageModel,
  type LmStep,
  splitWords,
  UNK_WORD,
} from '@ctcbias/core';
import { WordPrefixes } from './word-prefixes.js';

/** Options of {@link BoostClassLm}. */
export interface BoostClassOptions {
  /**
   * Boost per unit of entry weight, natural log (default 3): an entry of weight w gains
   * `boost · w` over its share of the `<unk>` mass.
   */
  readonly boost?: number;
  /**
   * ln P(entry | class), the class-membership term. Default `-ln(number of class members)`, a
   * uniform split of the `<unk>` mass (members: entry texts and variants).
   */
  readonly classLogProb?: number;
}

/**
 * State of a {@link BoostClassLm}: the base LM's state plus, inside a multi-word entry, how far
 * the entry has matched and what has been credited for it.
 */
export interface BoostState<S> {
  readonly base: S;
  /** Trie node of the words matched so far of an open multi-word entry; 0 = none open. */
  readonly node: number;
  /** ln P(<unk> | history before the entry). */
  readonly unkLogProb: number;
  /** Sum of the base LM's log-probs of the entry's words so far. */
  readonly baseSum: number;
  /** What has been returned for the entry's words so far. */
  readonly credited: number;
}

/**
 * The OOV/BOOST class: a wrapper that scores biasing-list entries as members of a class hung
 * off the base LM's `<unk>`, leaving the LM file and the loaded LM untouched.
 *
 * For an entry e of weight w(e) after history h:
 *
 * ```
 * class(e | h) = ln P_LM(<unk> | h) + classLogProb + boost · w(e)
 * ln P(e | h)  = max(class(e | h), ln P_LM(e | h))   ← the LM's own score of e's words in sequence,
 *                                                      so an entry is never scored below the LM
 * ```
 *
 * Other words get the base LM's score (words outside its vocabulary → `<unk>` as usual); the
 * base LM's history always advances with the actual words.
 *
 * Multi-word entries: the first word is scored through the class, the following words of the
 * entry continue inside it at (near) zero cost. Exactly: after k words of an entry, the total
 * returned is `max(P_LM so far, class with the best weight of any entry still reachable)`, so
 * each further word costs ≤ 0 and is usually 0. When the words stop following an entry, the
 * total is corrected (on the next word, or in `end`) to the matched entry's exact score — or,
 * when no entry was completed, back to the plain LM score, like a failed boost is given back.
 *
 * ```ts
 * const lm = new BoostClassLm(loadDefaultLm(), createBiasingList(['gorovitz', 'kate smith']), { boost: 3 });
 * // |class| = 2, so classLogProb = -ln 2
 * lm.score(s, 'gorovitz');  // ln P(<unk> | h) - ln 2 + 3   (LM alone: ln P(<unk> | h))
 * lm.score(s, 'kate');      // max(ln P(kate | h), ln P(<unk> | h) - ln 2 + 3)
 * lm.score(s2, 'smith');    // ≈ 0: inside the entry
 * lm.score(s2, 'jones');    // gives back "kate"'s credit over its plain LM score, + ln P(jones | … kate)
 * ```
 *
 * The result is a biased score, not a normalized distribution. `isOov(w)` is false for every
 * word of an entry, so a scorer's OOV offset never hits list words.
 */
export class BoostClassLm<S> implements LanguageModel<BoostState<S>> {
  readonly base: LanguageModel<S>;
  readonly boost: number;
  readonly classLogProb: number;
  /** Trie over entry words: children of each node; node 0 is the root. */
  private readonly children: Map<string, number>[] = [new Map()];
  /** Weight of the entry ending at each node, or -1. */
  private readonly endWeight: number[] = [-1];
  /** Best weight of any entry ending at or below each node. */
  private readonly bestWeight: number[] = [-1];
  private readonly members = new Set<string>();
  private readonly memberPrefixes: WordPrefixes;
  private readonly startState: BoostState<S>;

  constructor(base: LanguageModel<S>, list: BiasingList, options: BoostClassOptions = {}) {
    const boost = options.boost ?? 3;
    if (!Number.isFinite(boost)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'boost must be a finite number', {
        value: boost,
      });
    }
    let count = 0;
    for (const entry of list.entries) {
      for (const text of [entry.text, ...entry.variants]) {
        if (this.insert(splitWords(text), entry.weight)) count++;
      }
    }
    const classLogProb = options.classLogProb ?? -Math.log(Math.max(count, 1));
    if (!Number.isFinite(classLogProb)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'classLogProb must be a finite number', {
        value: classLogProb,
      });
    }
    this.memberPrefixes = new WordPrefixes(this.members);
    this.base = base;
    this.boost = boost;
    this.classLogProb = classLogProb;
    this.startState = { base: base.start(), node: 0, unkLogProb: 0, baseSum: 0, credited: 0 };
  }

  /** Number of distinct word sequences in the class (entry texts and variants). */
  get classSize(): number {
    return this.endWeight.filter((w) => w >= 0).length;
  }

  start(): BoostState<S> {
    return this.startState;
  }

  isOov(word: string): boolean {
    return !this.members.has(word) && this.base.isOov?.(word) === true;
  }

  /** True when a word of the base LM or of a list entry starts with `prefix`. */
  isKnownPrefix(prefix: string): boolean {
    return this.memberPrefixes.has(prefix) || this.base.isKnownPrefix?.(prefix) !== false;
  }

  score(state: BoostState<S>, word: string): LmStep<BoostState<S>> {
    let s = state;
    let settle = 0;
    if (s.node !== 0) {
      const child = this.children[s.node]?.get(word);
      if (child !== undefined) {
        const r = this.base.score(s.base, word);
        return this.enter(child, r.state, s.unkLogProb, s.baseSum + r.logProb, s.credited);
      }
      settle = this.settle(s);
      s = { ...this.startState, base: s.base };
    }
    const child = this.children[0]?.get(word);
    const r = this.base.score(s.base, word);
    if (child === undefined) {
      return { state: { ...this.startState, base: r.state }, logProb: settle + r.logProb };
    }
    const unk = this.base.score(s.base, UNK_WORD).logProb;
    const step = this.enter(child, r.state, unk, r.logProb, 0);
    return { state: step.state, logProb: settle + step.logProb };
  }

  end(state: BoostState<S>): number {
    return (state.node === 0 ? 0 : this.settle(state)) + this.base.end(state.base);
  }

  /** ln P(<unk> | h) + classLogProb + boost · weight. */
  private classScore(unkLogProb: number, weight: number): number {
    return unkLogProb + this.classLogProb + this.boost * weight;
  }

  /** Moves into trie node `node`; returns the increment of the optimistic credit. */
  private enter(
    node: number,
    base: S,
    unkLogProb: number,
    baseSum: number,
    credited: number,
  ): LmStep<BoostState<S>> {
    const best = this.bestWeight[node] as number;
    const now = Math.max(baseSum, this.classScore(unkLogProb, best));
    if ((this.children[node] as Map<string, number>).size === 0) {
      // A leaf: the entry is complete and its best weight is its own, so `now` is exact.
      return { state: { ...this.startState, base }, logProb: now - credited };
    }
    return {
      state: { base, node, unkLogProb, baseSum, credited: now },
      logProb: now - credited,
    };
  }

  /** Correction when an open entry stops: to its exact score if complete, else to the LM's. */
  private settle(s: BoostState<S>): number {
    const w = this.endWeight[s.node] as number;
    const exact = w >= 0 ? Math.max(s.baseSum, this.classScore(s.unkLogProb, w)) : s.baseSum;
    return exact - s.credited;
  }

  /** Adds a word sequence to the trie; false when it was already there. */
  private insert(words: readonly string[], weight: number): boolean {
    if (words.length === 0) return false;
    let node = 0;
    for (const w of words) {
      this.members.add(w);
      const kids = this.children[node] as Map<string, number>;
      let next = kids.get(w);
      if (next === undefined) {
        next = this.children.length;
        kids.set(w, next);
        this.children.push(new Map());
        this.endWeight.push(-1);
        this.bestWeight.push(-1);
      }
      this.bestWeight[node] = Math.max(this.bestWeight[node] as number, weight);
      node = next;
    }
    this.bestWeight[node] = Math.max(this.bestWeight[node] as number, weight);
    const isNew = (this.endWeight[node] as number) < 0;
    this.endWeight[node] = Math.max(this.endWeight[node] as number, weight);
    return isNew;
  }
}
