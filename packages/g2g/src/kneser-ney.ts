import { CtcBiasError } from '@ctcbias/core';
import type { AlignedUnit } from './alignment.js';
import { BOS, EOS, JointNgram } from './joint-ngram.js';

export interface KneserNeyOptions {
  /** n-gram order; default 5. */
  readonly order?: number;
  /**
   * Minimum (continuation) count to keep an n-gram, by order (index 0 = unigrams); missing
   * values are 1 (keep all). E.g. `[1, 1, 1, 1, 2]` drops 5-grams seen once. Unigrams are always
   * kept. Pruned n-grams' mass goes to the backoff weight.
   */
  readonly cutoffs?: readonly number[];
}

type Key = string;
const key = (ids: readonly number[]): Key => ids.join(',');
const ids = (k: Key): number[] => (k === '' ? [] : k.split(',').map(Number));

/** Modified Kneser–Ney discounts D1, D2, D3+ from count-of-counts (Chen & Goodman 1998). */
function discounts(counts: Iterable<number>): [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (const c of counts) if (c <= 4) n[c] = (n[c] as number) + 1;
  const [, n1, n2, n3, n4] = n as [number, number, number, number, number];
  if (n1 === 0 || n2 === 0 || n3 === 0 || n4 === 0) return [0.5, 1, 1.5];
  const y = n1 / (n1 + 2 * n2);
  const clamp = (d: number, hi: number) => Math.min(Math.max(d, 0.05), hi);
  return [
    clamp(1 - (2 * y * n2) / n1, 1),
    clamp(2 - (3 * y * n3) / n2, 2),
    clamp(3 - (4 * y * n4) / n3, 3),
  ];
}

interface ContextStats {
  total: number;
  n1: number;
  n2: number;
  n3: number;
}

/**
 * Trains an interpolated modified Kneser–Ney n-gram model over unit-id sequences (without
 * `<s>`/`</s>`; they are added here) and stores it in backoff form: for each kept n-gram its
 * interpolated probability, for each context the weight that keeps every distribution summing
 * to one.
 *
 * ```ts
 * // units: 0 <s>, 1 </s>, 2 a:AE, 3 b:B
 * const lm = trainKneserNey([[2, 3], [2, 3], [3]], units, { order: 2 });
 * Math.exp(lm.logProb([BOS, 2], 3));  // ≈ 0.8: "b" almost always follows "a" here
 * ```
 */
export function trainKneserNey(
  sequences: readonly (readonly number[])[],
  units: readonly AlignedUnit[],
  options: KneserNeyOptions = {},
): JointNgram {
  const order = options.order ?? 5;
  const cutoffs = options.cutoffs ?? [];
  const V = units.length;
  if (!Number.isInteger(order) || order < 1 || V > 0xffff || V < 3) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'bad n-gram order or unit count', {
      value: { order, units: V },
    });
  }
  const cutoff = (n: number) => (n === 1 ? 1 : (cutoffs[n - 1] ?? 1));

  // Raw counts per order; counts[n - 1] holds n-grams.
  const raw: Map<Key, number>[] = Array.from({ length: order }, () => new Map());
  for (const seq of sequences) {
    const s = [BOS, ...seq, EOS];
    for (const u of seq) {
      if (!Number.isInteger(u) || u <= EOS || u >= V) {
        throw new CtcBiasError('INVALID_ARGUMENT', 'unit id out of range', { value: u });
      }
    }
    for (let e = 1; e < s.length; e++) {
      for (let n = 1; n <= Math.min(order, e + 1); n++) {
        const k = key(s.slice(e - n + 1, e + 1));
        const m = raw[n - 1] as Map<Key, number>;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
  }
  // Kneser–Ney adjusted counts: continuation counts below the top order, except for n-grams
  // that start with <s> (nothing can precede them).
  const adjusted: Map<Key, number>[] = raw.map((m, i) => {
    if (i === order - 1) return m;
    const a = new Map<Key, number>();
    for (const k of (raw[i + 1] as Map<Key, number>).keys()) {
      const suffix = k.slice(k.indexOf(',') + 1);
      a.set(suffix, (a.get(suffix) ?? 0) + 1);
    }
    for (const [k, c] of m) if (ids(k)[0] === BOS) a.set(k, c);
    return a;
  });

  // probs[n - 1]: kept n-gram → ln P; backoffs[n - 1]: context (n - 1 units) → ln weight.
  const probs: Map<Key, number>[] = [];
  const backoffs: Map<Key, number>[] = [];
  const logProb = (hist: readonly number[], u: number): number => {
    for (let n = hist.length + 1; n >= 1; n--) {
      const h = hist.slice(hist.length - (n - 1));
      const p = (probs[n - 1] as Map<Key, number>).get(key([...h, u]));
      if (p !== undefined) {
        let bo = 0;
        for (let m = n + 1; m <= hist.length + 1; m++) {
          bo +=
            (backoffs[m - 1] as Map<Key, number>).get(key(hist.slice(hist.length - (m - 1)))) ?? 0;
        }
        return p + bo;
      }
    }
    return Number.NEGATIVE_INFINITY;
  };

  for (let n = 1; n <= order; n++) {
    const a = adjusted[n - 1] as Map<Key, number>;
    const [d1, d2, d3] = discounts(a.values());
    const disc = (c: number) => (c === 1 ? d1 : c === 2 ? d2 : d3);
    const stats = new Map<Key, ContextStats>();
    for (const [k, c] of a) {
      const h = key(ids(k).slice(0, -1));
      let st = stats.get(h);
      if (st === undefined) {
        st = { total: 0, n1: 0, n2: 0, n3: 0 };
        stats.set(h, st);
      }
      st.total += c;
      if (c === 1) st.n1++;
      else if (c === 2) st.n2++;
      else st.n3++;
    }
    const p = new Map<Key, number>();
    const keptMass = new Map<Key, [number, number]>(); // context → [Σ P(u|h), Σ P_lower(u|h')]
    for (const [k, c] of a) {
      if (c < cutoff(n)) continue;
      const g = ids(k);
      const hist = g.slice(0, -1);
      const u = g[g.length - 1] as number;
      const st = stats.get(key(hist)) as ContextStats;
      const gamma = (d1 * st.n1 + d2 * st.n2 + d3 * st.n3) / st.total;
      const lower = n === 1 ? 1 / (V - 1) : Math.exp(logProb(hist.slice(1), u));
      const prob = Math.max(c - disc(c), 0) / st.total + gamma * lower;
      p.set(k, Math.log(prob));
      const hk = key(hist);
      const km = keptMass.get(hk) ?? [0, 0];
      km[0] += prob;
      km[1] += lower;
      keptMass.set(hk, km);
    }
    probs.push(p);
    const bo = new Map<Key, number>();
    if (n > 1) {
      for (const [hk, [kept, lower]] of keptMass) {
        const w = Math.max(1 - kept, 1e-12) / Math.max(1 - lower, 1e-12);
        bo.set(hk, Math.log(w));
      }
    }
    backoffs.push(bo);
  }
  return packTrie(order, units, probs, backoffs);
}

interface TrieNode {
  readonly children: Map<number, TrieNode>;
  entries: [number, number][];
  backoff: number;
}

/** Lays the contexts out as a newest-first trie in breadth-first order (see `JointNgramArrays`). */
function packTrie(
  order: number,
  units: readonly AlignedUnit[],
  probs: readonly Map<Key, number>[],
  backoffs: readonly Map<Key, number>[],
): JointNgram {
  const root: TrieNode = { children: new Map(), entries: [], backoff: 0 };
  const nodeOf = (hist: readonly number[]): TrieNode => {
    let node = root;
    for (let k = hist.length - 1; k >= 0; k--) {
      const u = hist[k] as number;
      let next = node.children.get(u);
      if (next === undefined) {
        next = { children: new Map(), entries: [], backoff: 0 };
        node.children.set(u, next);
      }
      node = next;
    }
    return node;
  };
  // suffix closure (see `JointNgram.nextState`): with every context, the context without its
  // newest unit, as an empty node when count cutoffs dropped it
  const closed = (hist: readonly number[]): TrieNode => {
    for (let n = 1; n < hist.length; n++) nodeOf(hist.slice(0, n));
    return nodeOf(hist);
  };
  probs.forEach((m) => {
    for (const [k, lp] of m) {
      const g = ids(k);
      closed(g.slice(0, -1)).entries.push([g[g.length - 1] as number, lp]);
    }
  });
  backoffs.forEach((m) => {
    for (const [k, bo] of m) closed(ids(k)).backoff = bo;
  });
  const nodes: TrieNode[] = [root];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as TrieNode;
    for (const u of [...node.children.keys()].sort((x, y) => x - y)) {
      nodes.push(node.children.get(u) as TrieNode);
    }
  }
  const C = nodes.length;
  const childStart = new Uint32Array(C + 1);
  const entryStart = new Uint32Array(C + 1);
  const backoff = new Float32Array(C);
  nodes.forEach((n, i) => {
    childStart[i + 1] = (childStart[i] as number) + n.children.size;
    entryStart[i + 1] = (entryStart[i] as number) + n.entries.length;
    backoff[i] = n.backoff;
  });
  const childUnit = new Uint16Array(childStart[C] as number);
  const entryUnit = new Uint16Array(entryStart[C] as number);
  const entryLogProb = new Float32Array(entryStart[C] as number);
  nodes.forEach((n, i) => {
    let c = childStart[i] as number;
    for (const u of [...n.children.keys()].sort((x, y) => x - y)) {
      childUnit[c] = u;
      c++;
    }
    let e = entryStart[i] as number;
    for (const [u, lp] of n.entries.sort((x, y) => x[0] - y[0])) {
      entryUnit[e] = u;
      entryLogProb[e] = lp;
      e++;
    }
  });
  return new JointNgram({
    order,
    units,
    childStart,
    childUnit,
    backoff,
    entryStart,
    entryUnit,
    entryLogProb,
  });
}
