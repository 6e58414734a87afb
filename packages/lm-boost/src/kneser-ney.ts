import { CtcBiasError, UNK_WORD } from '@ctcbias/core';
import { BOS_WORD, EOS_WORD } from './ngram-lm.js';

/** Options of {@link buildKneserNey}. */
export interface KneserNeyOptions {
  /** N-gram order, 1 to 4. */
  readonly order: number;
  /** Words seen fewer times become `<unk>` (default 1: keep every word). */
  readonly minCount?: number;
  /**
   * Per-order pruning thresholds (index `n - 1`): an n-gram of order n ≥ 2 whose adjusted count
   * is ≤ the threshold is dropped, unless it is the prefix or suffix of a kept longer n-gram.
   * Its probability mass moves to the backoff, so the model stays normalized. Default: none.
   * KenLM's `--prune 0 0 1` is `[0, 0, 1]`.
   */
  readonly prune?: readonly number[];
  /**
   * Discounts (D1, D2, D3+) used for an order whose count-of-counts cannot give valid ones
   * (tiny corpora), like KenLM's `--discount_fallback` (its default is 0.5, 1, 1.5). Without it
   * such a corpus is an error.
   */
  readonly discountFallback?: readonly [number, number, number];
}

/** One order of a built model, sorted by word ids: n ids per n-gram, flattened. */
export interface NgramSection {
  readonly order: number;
  readonly ids: Int32Array;
  /** log10 P(w | h) (interpolated), one per n-gram. */
  readonly log10Prob: Float64Array;
  /** log10 backoff weight γ, one per n-gram; `NaN` when the n-gram is never a context. */
  readonly log10Backoff: Float64Array;
}

/** A model built by {@link buildKneserNey}; `toArpa()` / `arpaLines()` write it as ARPA. */
export interface KneserNeyModel {
  readonly order: number;
  /** Word of each id: `<unk>`, `<s>`, `</s>`, then by falling count. */
  readonly words: readonly string[];
  /** Discounts D1, D2, D3+ per order (index `n - 1`). */
  readonly discounts: readonly (readonly [number, number, number])[];
  /** Sections of orders 1 … N. */
  readonly sections: readonly NgramSection[];
  /** ARPA lines, without terminators. */
  arpaLines(): Generator<string>;
  /** The whole ARPA text. */
  toArpa(): string;
}

/**
 * Builds an interpolated modified Kneser-Ney n-gram model (Chen & Goodman 1998; the estimator
 * of KenLM's `lmplz`) from normalized sentences, one per string, words separated by spaces.
 *
 * Each sentence becomes `<s> w1 … wk </s>`. With adjusted counts
 * `a(g)` = raw count for the highest order and for n-grams starting with `<s>`, otherwise the
 * number of distinct words seen just before `g`; with `t_k` the number of n-grams of an order
 * whose adjusted count is k, and `Y = t1 / (t1 + 2 t2)`:
 *
 * ```
 * D1 = 1 - 2Y t2/t1      D2 = 2 - 3Y t3/t2      D3+ = 3 - 4Y t4/t3        (per order)
 * u(w | h) = (a(h w) - D(a(h w))) / Σx a(h x)
 * γ(h)     = (D1 N1(h•) + D2 N2(h•) + D3+ N3+(h•)) / Σx a(h x)     N_k(h•): #words x with a(h x) = k (3+: ≥ 3)
 * P(w | h) = u(w | h) + γ(h) P(w | h')                              h' = h minus its oldest word
 * P(w)     = u(w) + γ(ε) / |V \ {<s>}|                              (uniform base; <unk> included)
 * ```
 *
 * The ARPA output stores log10 P(w | h) for each n-gram seen and log10 γ(h) as the backoff of
 * each context, so a backoff reader reproduces the interpolated model exactly.
 *
 * ```ts
 * const model = buildKneserNey(['the cat sat', 'the dog sat'], { order: 3, discountFallback: [0.5, 1, 1.5] });
 * const lm = parseArpa(model.toArpa());
 * Math.exp(lm.score(lm.start(), 'the').logProb); // P(the | <s>)
 * ```
 *
 * Counting is in memory (a `Map` per order): fine for a few million words of text.
 */
export function buildKneserNey(
  sentences: Iterable<string>,
  options: KneserNeyOptions,
): KneserNeyModel {
  const order = options.order;
  if (!Number.isInteger(order) || order < 1 || order > 4) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'order must be an integer from 1 to 4', {
      value: order,
    });
  }
  const minCount = options.minCount ?? 1;
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'minCount must be a positive integer', {
      value: minCount,
    });
  }
  const prune = options.prune ?? [];
  if (prune.length > order || prune.some((t) => !Number.isInteger(t) || t < 0)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'prune needs ≤ order non-negative integers', {
      value: prune,
    });
  }
  const fallback = options.discountFallback;
  if (fallback !== undefined && !fallback.every((d, k) => d >= 0 && d <= k + 1)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'discountFallback must have 0 ≤ Dk ≤ k', {
      value: fallback,
    });
  }

  const { words, encoded } = vocabularize(sentences, minCount);
  const bos = 1;
  const raw = countRaw(encoded, order, bos);
  const adjusted = adjustCounts(raw, order, bos);
  const kept = pruneNgrams(adjusted, order, prune);
  const discounts = adjusted.map((a, i) => discountsOf(a, i + 1, bos, fallback));

  // Probabilities (linear domain) per order, and γ per context key.
  const probs: Map<string, number>[] = [];
  const gammas: Map<string, number>[] = [];
  const uniformShare = 1 / (words.length - 1); // every word but <s>
  for (let n = 1; n <= order; n++) {
    const a = adjusted[n - 1] as Map<string, number>;
    const keep = kept[n - 1] as Set<string> | null;
    const d = discounts[n - 1] as readonly [number, number, number];
    const disc = (c: number) => (c === 1 ? d[0] : c === 2 ? d[1] : d[2]);
    const stats = new Map<string, { denom: number; mass: number }>();
    for (const [key, c] of a) {
      if (n === 1 && key === String(bos)) continue;
      const ctx = contextOf(key);
      let st = stats.get(ctx);
      if (st === undefined) {
        st = { denom: 0, mass: 0 };
        stats.set(ctx, st);
      }
      st.denom += c;
      // Discounted mass, plus the whole mass of a pruned n-gram, goes to γ(ctx).
      st.mass += keep === null || keep.has(key) ? disc(c) : c;
    }
    const gamma = new Map<string, number>();
    for (const [ctx, st] of stats) gamma.set(ctx, st.mass / st.denom);
    const p = new Map<string, number>();
    if (n === 1) {
      const st = stats.get('') ?? { denom: 1, mass: 1 };
      for (let id = 0; id < words.length; id++) {
        if (id === bos) continue;
        const c = a.get(String(id)) ?? 0;
        const u = c > 0 ? (c - disc(c)) / st.denom : 0;
        p.set(String(id), u + (st.mass / st.denom) * uniformShare);
      }
    } else {
      const lower = probs[n - 2] as Map<string, number>;
      for (const [key, c] of a) {
        if (keep !== null && !keep.has(key)) continue;
        const st = stats.get(contextOf(key)) as { denom: number; mass: number };
        const lowerP = lower.get(suffixOf(key));
        if (lowerP === undefined) {
          throw new CtcBiasError('INTERNAL', 'suffix of a kept n-gram is missing', { value: key });
        }
        p.set(key, (c - disc(c)) / st.denom + (st.mass / st.denom) * lowerP);
      }
    }
    probs.push(p);
    gammas.push(gamma);
  }

  const sections: NgramSection[] = [];
  for (let n = 1; n <= order; n++) {
    const p = probs[n - 1] as Map<string, number>;
    const keys = [...p.keys()];
    if (n === 1) keys.push(String(bos));
    const parsed = keys.map((k) => k.split(',').map(Number));
    parsed.sort(compareIds);
    const ids = new Int32Array(parsed.length * n);
    const log10Prob = new Float64Array(parsed.length);
    const log10Backoff = new Float64Array(parsed.length).fill(Number.NaN);
    const nextGamma = gammas[n]; // contexts of order n + 1
    parsed.forEach((g, i) => {
      ids.set(g, i * n);
      const key = g.join(',');
      log10Prob[i] = n === 1 && g[0] === bos ? -99 : Math.log10(p.get(key) as number);
      const gm = nextGamma?.get(key);
      if (gm !== undefined) log10Backoff[i] = Math.log10(gm);
    });
    sections.push({ order: n, ids, log10Prob, log10Backoff });
  }

  function* arpaLines(): Generator<string> {
    yield '\\data\\';
    for (const s of sections) yield `ngram ${s.order}=${s.log10Prob.length}`;
    for (const s of sections) {
      yield '';
      yield `\\${s.order}-grams:`;
      const n = s.order;
      for (let i = 0; i < s.log10Prob.length; i++) {
        const ws: string[] = [];
        for (let j = 0; j < n; j++) ws.push(words[s.ids[i * n + j] as number] as string);
        const bo = s.log10Backoff[i] as number;
        const line = `${fmt(s.log10Prob[i] as number)}\t${ws.join(' ')}`;
        yield Number.isNaN(bo) ? line : `${line}\t${fmt(bo)}`;
      }
    }
    yield '';
    yield '\\end\\';
  }

  return {
    order,
    words,
    discounts,
    sections,
    arpaLines,
    toArpa: () => `${[...arpaLines()].join('\n')}\n`,
  };
}

/** Splits sentences into words and maps them to ids (`<unk>` = 0, `<s>` = 1, `</s>` = 2). */
function vocabularize(
  sentences: Iterable<string>,
  minCount: number,
): { words: string[]; encoded: Int32Array[] } {
  const split: string[][] = [];
  const freq = new Map<string, number>();
  let index = 0;
  for (const s of sentences) {
    index++;
    const ws = s.split(/\s+/).filter((w) => w !== '');
    for (const w of ws) {
      if (w === BOS_WORD || w === EOS_WORD) {
        throw new CtcBiasError('INVALID_ARGUMENT', `sentence ${index} contains ${w}`);
      }
      freq.set(w, (freq.get(w) ?? 0) + 1);
    }
    if (ws.length > 0) split.push(ws);
  }
  const kept = [...freq]
    .filter(([w, c]) => c >= minCount && w !== UNK_WORD)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([w]) => w);
  const words = [UNK_WORD, BOS_WORD, EOS_WORD, ...kept];
  const ids = new Map(words.map((w, i) => [w, i]));
  const encoded = split.map((ws) => {
    const seq = new Int32Array(ws.length + 2);
    seq[0] = 1;
    ws.forEach((w, i) => {
      seq[i + 1] = ids.get(w) ?? 0;
    });
    seq[ws.length + 1] = 2;
    return seq;
  });
  return { words, encoded };
}

/** Raw counts of every n-gram (n ≤ order) ending at positions 1 … end of each sentence. */
function countRaw(encoded: Int32Array[], order: number, bos: number): Map<string, number>[] {
  const raw = Array.from({ length: order }, () => new Map<string, number>());
  const uni = raw[0] as Map<string, number>;
  uni.set(String(bos), encoded.length);
  for (const seq of encoded) {
    for (let i = 1; i < seq.length; i++) {
      let key = String(seq[i]);
      for (let n = 1; n <= order && i - n + 1 >= 0; n++) {
        if (n > 1) key = `${seq[i - n + 1]},${key}`;
        const m = raw[n - 1] as Map<string, number>;
        m.set(key, (m.get(key) ?? 0) + 1);
      }
    }
  }
  return raw;
}

/** Kneser-Ney adjusted counts (see {@link buildKneserNey}). */
function adjustCounts(
  raw: Map<string, number>[],
  order: number,
  bos: number,
): Map<string, number>[] {
  const adjusted: Map<string, number>[] = [];
  const bosPrefix = `${bos},`;
  for (let n = 1; n <= order; n++) {
    const r = raw[n - 1] as Map<string, number>;
    if (n === order) {
      adjusted.push(new Map(r));
      continue;
    }
    const a = new Map<string, number>();
    for (const [key, c] of r) {
      a.set(key, key === String(bos) || key.startsWith(bosPrefix) ? c : 0);
    }
    for (const key of (raw[n] as Map<string, number>).keys()) {
      const suffix = suffixOf(key);
      if (suffix === String(bos) || suffix.startsWith(bosPrefix)) continue;
      a.set(suffix, (a.get(suffix) ?? 0) + 1);
    }
    adjusted.push(a);
  }
  return adjusted;
}

/**
 * Kept n-grams per order (`null` = all kept). Goes from the highest order down, since a kept
 * n-gram needs its prefix (to hold its backoff) and its suffix (its lower-order estimate).
 */
function pruneNgrams(
  adjusted: Map<string, number>[],
  order: number,
  prune: readonly number[],
): (Set<string> | null)[] {
  const kept: (Set<string> | null)[] = new Array(order).fill(null);
  let needed = new Set<string>();
  for (let n = order; n >= 2; n--) {
    const threshold = prune[n - 1] ?? 0;
    const a = adjusted[n - 1] as Map<string, number>;
    let keep: Iterable<string> = a.keys();
    if (threshold > 0) {
      const set = new Set<string>();
      for (const [key, c] of a) if (c > threshold || needed.has(key)) set.add(key);
      kept[n - 1] = set;
      keep = set;
    }
    needed = new Set<string>();
    if (n > 2) {
      for (const key of keep) {
        needed.add(contextOf(key));
        needed.add(suffixOf(key));
      }
    }
  }
  return kept;
}

/** Modified Kneser-Ney discounts D1, D2, D3+ of one order from its count-of-counts. */
function discountsOf(
  adjusted: Map<string, number>,
  n: number,
  bos: number,
  fallback: readonly [number, number, number] | undefined,
): readonly [number, number, number] {
  const t = [0, 0, 0, 0, 0];
  for (const [key, c] of adjusted) {
    if (n === 1 && key === String(bos)) continue;
    if (c <= 4) t[c] = (t[c] as number) + 1;
  }
  const [, t1, t2, t3, t4] = t as [number, number, number, number, number];
  const y = t1 / (t1 + 2 * t2);
  const d: [number, number, number] = [
    1 - (2 * y * t2) / t1,
    2 - (3 * y * t3) / t2,
    3 - (4 * y * t4) / t3,
  ];
  if (d.every((x, k) => Number.isFinite(x) && x >= 0 && x <= k + 1)) return d;
  if (fallback !== undefined) return [fallback[0], fallback[1], fallback[2]];
  throw new CtcBiasError(
    'INVALID_ARGUMENT',
    `cannot estimate ${n}-gram discounts from count-of-counts t1..t4 = ${t1},${t2},${t3},${t4} ` +
      '(corpus too small?); pass discountFallback, e.g. [0.5, 1, 1.5]',
  );
}

/** "a,b,c" → "a,b" ("" for a unigram). */
function contextOf(key: string): string {
  const i = key.lastIndexOf(',');
  return i < 0 ? '' : key.slice(0, i);
}

/** "a,b,c" → "b,c". */
function suffixOf(key: string): string {
  return key.slice(key.indexOf(',') + 1);
}

function compareIds(x: number[], y: number[]): number {
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

function fmt(x: number): string {
  if (x === Number.NEGATIVE_INFINITY) return '-99';
  const s = String(Number(x.toPrecision(7)));
  return s === '-0' ? '0' : s;
}
