import { CtcBiasError, type LanguageModel, type LmStep, UNK_WORD } from '@ctcbias/core';
import type { NgramTable } from './ngram-table.js';
import { WordPrefixes } from './word-prefixes.js';

/** Sentence-start and sentence-end words of ARPA models. */
export const BOS_WORD = '<s>';
export const EOS_WORD = '</s>';

/**
 * State of an {@link NgramLm}: the ids of the last `order - 1` words (oldest first). Immutable:
 * `score` returns a new state.
 */
export interface NgramState {
  readonly context: readonly number[];
}

/** The parts an {@link NgramLm} is made of (what the ARPA reader and the binary reader fill). */
export interface NgramLmParts {
  /** Word of each id. Must contain `<s>`, `</s>` and `<unk>`. */
  readonly words: readonly string[];
  /** ln P(w) per word id. */
  readonly unigramProb: Float32Array;
  /** ln backoff(w) per word id. */
  readonly unigramBackoff: Float32Array;
  /** Tables of orders 2 … order (index `n - 2` holds order `n`). */
  readonly tables: readonly NgramTable[];
}

/**
 * A backoff n-gram language model (the ARPA model family) held in typed arrays.
 *
 * ```
 * P(w | h) = p(h w)                       if the n-gram "h w" is stored
 *          = backoff(h) · P(w | h')       otherwise, with h' = h minus its oldest word
 * P(w)     = p(w) for a unigram; a word outside the vocabulary is scored as <unk>
 * ```
 *
 * Everything is natural log (ARPA's log10 values are multiplied by ln 10 when read).
 *
 * ```ts
 * const lm = parseArpa(arpaText);              // or readArpaFile(path), readLmBinary(bytes)
 * let s = lm.start();                          // history "<s>"
 * const a = lm.score(s, 'the');                // a.logProb = ln P(the | <s>)
 * const b = lm.score(a.state, 'cat');          // ln P(cat | <s> the)
 * lm.end(b.state);                             // ln P(</s> | the cat)
 * lm.isOov('qwzx');                            // true → scored as <unk>
 * ```
 */
export class NgramLm implements LanguageModel<NgramState> {
  readonly order: number;
  readonly words: readonly string[];
  readonly unigramProb: Float32Array;
  readonly unigramBackoff: Float32Array;
  readonly tables: readonly NgramTable[];
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  private readonly ids: ReadonlyMap<string, number>;
  private readonly scratch: Int32Array;
  private readonly startState: NgramState;
  private prefixes: WordPrefixes | undefined;

  constructor(parts: NgramLmParts) {
    const { words, unigramProb, unigramBackoff, tables } = parts;
    if (unigramProb.length !== words.length || unigramBackoff.length !== words.length) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'unigram arrays do not match the vocabulary');
    }
    tables.forEach((t, i) => {
      if (t.order !== i + 2) {
        throw new CtcBiasError('INVALID_ARGUMENT', `table ${i} has order ${t.order}`);
      }
    });
    const ids = new Map<string, number>();
    words.forEach((w, i) => {
      ids.set(w, i);
    });
    this.order = tables.length + 1;
    this.words = words;
    this.unigramProb = unigramProb;
    this.unigramBackoff = unigramBackoff;
    this.tables = tables;
    this.ids = ids;
    this.unkId = requiredId(ids, UNK_WORD);
    this.bosId = requiredId(ids, BOS_WORD);
    this.eosId = requiredId(ids, EOS_WORD);
    this.scratch = new Int32Array(this.order);
    this.startState = {
      context: Object.freeze(this.order > 1 ? [this.bosId] : []),
    };
  }

  /** Number of words, `<s>`, `</s>` and `<unk>` included. */
  get vocabSize(): number {
    return this.words.length;
  }

  /** Number of stored n-grams of each order, unigrams first. */
  get counts(): number[] {
    return [this.words.length, ...this.tables.map((t) => t.size)];
  }

  /** Id of `word`, or the `<unk>` id when it is outside the vocabulary. */
  wordId(word: string): number {
    return this.ids.get(word) ?? this.unkId;
  }

  isOov(word: string): boolean {
    return !this.ids.has(word);
  }

  /** True when a vocabulary word (not `<s>`, `</s>`, `<unk>`) starts with `prefix`. */
  isKnownPrefix(prefix: string): boolean {
    this.prefixes ??= new WordPrefixes(
      this.words.filter((w) => w !== BOS_WORD && w !== EOS_WORD && w !== UNK_WORD),
    );
    return this.prefixes.has(prefix);
  }

  start(): NgramState {
    return this.startState;
  }

  score(state: NgramState, word: string): LmStep<NgramState> {
    return this.scoreId(state, this.wordId(word));
  }

  end(state: NgramState): number {
    return this.logProbId(state.context, this.eosId);
  }

  /** {@link score} by word id. */
  scoreId(state: NgramState, id: number): LmStep<NgramState> {
    if (!Number.isInteger(id) || id < 0 || id >= this.words.length) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'word id out of range', { value: id });
    }
    const ctx = state.context;
    const logProb = this.logProbId(ctx, id);
    const keep = Math.min(ctx.length + 1, this.order - 1);
    const next: number[] = [];
    for (let i = ctx.length - (keep - 1); i < ctx.length; i++) next.push(ctx[i] as number);
    if (keep > 0) next.push(id);
    return { state: { context: next }, logProb };
  }

  /** ln P(id | context), context oldest first (only its last `order - 1` ids are used). */
  logProbId(context: readonly number[], id: number): number {
    const n0 = this.order;
    const buf = this.scratch;
    const len = Math.min(context.length, n0 - 1);
    // buf[n0 - 1 - len .. n0 - 1) = the context, buf[n0 - 1] = the word.
    for (let i = 0; i < len; i++) {
      buf[n0 - 1 - len + i] = context[context.length - len + i] as number;
    }
    buf[n0 - 1] = id;
    let acc = 0;
    for (let n = len + 1; n >= 2; n--) {
      const start = n0 - n;
      const table = this.tables[n - 2] as NgramTable;
      const slot = table.find(buf, start);
      if (slot >= 0) return acc + (table.prob[slot] as number);
      // Back off: add the backoff weight of the (n-1)-word context buf[start .. n0 - 1).
      if (n === 2) {
        acc += this.unigramBackoff[buf[start] as number] as number;
      } else {
        const ctxTable = this.tables[n - 3] as NgramTable;
        const c = ctxTable.find(buf, start);
        if (c >= 0) acc += (ctxTable.backoff as Float32Array)[c] as number;
      }
    }
    return acc + (this.unigramProb[id] as number);
  }
}

function requiredId(ids: ReadonlyMap<string, number>, word: string): number {
  const id = ids.get(word);
  if (id === undefined) {
    throw new CtcBiasError('INVALID_ARGUMENT', `language model has no ${word} word`);
  }
  return id;
}
