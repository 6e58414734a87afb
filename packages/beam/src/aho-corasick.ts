import { PairMap } from './pair-map.js';

/** One token sequence to find, with the list entry it belongs to and that entry's weight. */
export interface TokenPattern {
  readonly tokens: readonly number[];
  readonly entry: number;
  readonly weight: number;
}

/**
 * A token-level Aho-Corasick automaton: a trie of the patterns plus, per node, a failure link
 * (the longest proper suffix of the node's sequence that is also a trie path) and an output
 * link (the nearest node on the failure chain where a pattern ends). Feeding tokens one by one
 * through {@link TokenAutomaton.next} tracks every partial match at once — overlapping and nested
 * ones included — and building it is linear in the total pattern length.
 *
 * Worked example, patterns (tokens as letters) `ab` (entry 0), `abcd` (entry 1), `bc` (entry 2):
 *
 * ```
 *   node  path   depth  fail    output  ends here (longest)
 *   0     ε      0      -       -       -
 *   1     a      1      0       -       -
 *   2     ab     2      4 (b)   -       entry 0, length 2
 *   3     abc    3      5 (bc)  5       entry 2, length 2   (via output link)
 *   4     b      1      0       -       -
 *   5     bc     2      0       -       entry 2, length 2
 *   6     abcd   4      0       -       entry 1, length 4
 *
 *   feed a b c e:  0 →a 1 →b 2 →c 3 →e 0      at 2 "ab" ends; at 3 "bc" ends (output link)
 * ```
 *
 * Per node it also keeps `weight` = the largest weight of the patterns passing through it.
 * When two patterns have the same tokens, the node ends the one with the lower entry index.
 */
export class TokenAutomaton {
  static readonly ROOT = 0;
  /** Number of nodes. */
  readonly size: number;
  /** Length of the node's token sequence. */
  readonly depth: Int32Array;
  /** Failure link. */
  readonly fail: Int32Array;
  /** Nearest node on the failure chain (excluding itself) where a pattern ends, or -1. */
  readonly outLink: Int32Array;
  /** Entry of the pattern ending exactly at this node, or -1. */
  readonly terminalEntry: Int32Array;
  /** Length of the longest pattern ending at this node (own or via output links), or 0. */
  readonly outLen: Int32Array;
  /** Entry of that pattern, or -1. */
  readonly outEntry: Int32Array;
  /** Largest weight of the patterns through this node. */
  readonly weight: Float64Array;
  private readonly edges: PairMap;
  /** Dense copy of the root's edges (token → child, 0 = none): most transitions end there. */
  private readonly rootChild: Int32Array;

  private constructor(
    edges: PairMap,
    depth: Int32Array,
    fail: Int32Array,
    outLink: Int32Array,
    terminalEntry: Int32Array,
    outLen: Int32Array,
    outEntry: Int32Array,
    weight: Float64Array,
    rootChild: Int32Array,
  ) {
    this.edges = edges;
    this.size = depth.length;
    this.depth = depth;
    this.fail = fail;
    this.outLink = outLink;
    this.terminalEntry = terminalEntry;
    this.outLen = outLen;
    this.outEntry = outEntry;
    this.weight = weight;
    this.rootChild = rootChild;
  }

  /** Builds the automaton in time linear in the total pattern length. */
  static build(patterns: Iterable<TokenPattern>): TokenAutomaton {
    const edges = new PairMap(1024);
    const depth: number[] = [0];
    const terminal: number[] = [-1];
    const weight: number[] = [0];
    const firstChild: number[] = [-1];
    const nextSibling: number[] = [-1];
    const tokenOf: number[] = [-1];
    for (const p of patterns) {
      let u = 0;
      for (const tok of p.tokens) {
        let v = edges.get(u, tok);
        if (v === -1) {
          v = depth.length;
          depth.push((depth[u] as number) + 1);
          terminal.push(-1);
          weight.push(p.weight);
          firstChild.push(-1);
          nextSibling.push(firstChild[u] as number);
          tokenOf.push(tok);
          firstChild[u] = v;
          edges.set(u, tok, v);
        } else if (p.weight > (weight[v] as number)) {
          weight[v] = p.weight;
        }
        u = v;
      }
      const prev = terminal[u] as number;
      if (u !== 0 && (prev === -1 || p.entry < prev)) terminal[u] = p.entry;
    }
    const n = depth.length;
    let maxRootToken = -1;
    for (let c = firstChild[0] as number; c !== -1; c = nextSibling[c] as number) {
      maxRootToken = Math.max(maxRootToken, tokenOf[c] as number);
    }
    const rootChild = new Int32Array(maxRootToken + 1);
    for (let c = firstChild[0] as number; c !== -1; c = nextSibling[c] as number) {
      rootChild[tokenOf[c] as number] = c;
    }
    const fail = new Int32Array(n);
    const outLink = new Int32Array(n).fill(-1);
    const outLen = new Int32Array(n);
    const outEntry = new Int32Array(n).fill(-1);
    // Breadth-first, so a node's failure target (shallower) is finished before the node.
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let c = firstChild[0] as number; c !== -1; c = nextSibling[c] as number) {
      queue[tail++] = c;
    }
    while (head < tail) {
      const u = queue[head++] as number;
      const f = fail[u] as number;
      outLink[u] = (terminal[f] as number) !== -1 ? f : (outLink[f] as number);
      if ((terminal[u] as number) !== -1) {
        outLen[u] = depth[u] as number;
        outEntry[u] = terminal[u] as number;
      } else if ((outLink[u] as number) !== -1) {
        outLen[u] = outLen[outLink[u] as number] as number;
        outEntry[u] = outEntry[outLink[u] as number] as number;
      }
      for (let v = firstChild[u] as number; v !== -1; v = nextSibling[v] as number) {
        const tok = tokenOf[v] as number;
        let g = f;
        let target = 0;
        for (;;) {
          const w = edges.get(g, tok);
          if (w !== -1) {
            target = w;
            break;
          }
          if (g === 0) break;
          g = fail[g] as number;
        }
        fail[v] = target;
        queue[tail++] = v;
      }
    }
    return new TokenAutomaton(
      edges,
      Int32Array.from(depth),
      fail,
      outLink,
      Int32Array.from(terminal),
      outLen,
      outEntry,
      Float64Array.from(weight),
      rootChild,
    );
  }

  /** Child of `node` by `token` in the trie (no failure links), or -1. */
  child(node: number, token: number): number {
    return this.edges.get(node, token);
  }

  /** The automaton's transition: follows failure links until `token` can be read (or root). */
  next(node: number, token: number): number {
    let u = node;
    while (u !== 0) {
      const v = this.edges.get(u, token);
      if (v !== -1) return v;
      u = this.fail[u] as number;
    }
    return token < this.rootChild.length ? (this.rootChild[token] as number) : 0;
  }
}
