import { PairMap } from './pair-map.js';

/**
 * The beam's prefixes as a trie of integer ids: node `n` is the token sequence of its parent
 * plus `token[n]`; node 0 is the empty prefix. Extending a prefix is one hash probe on
 * `(parent, token)`, and the same token sequence always gets the same id, so the beam merges
 * hypotheses by comparing integers — no strings, no arrays copied per step.
 *
 * Besides the tree itself, each node holds the per-prefix bookkeeping of the search (typed
 * arrays indexed by node id): the mass of the chosen emission event of its last token and its
 * *frame record*, the last frame the token was still being emitted, stamps that make "is this
 * node in the beam / in the next beam" an array read, and the token scorers' states and
 * cumulative scores.
 *
 * Frame records form a persistent list per prefix, also in typed arrays: record `r` says its
 * token was first emitted at `recordFirst[r]`, the previous token's last frame was
 * `recordPrevLast[r]` at that moment, and the previous token's record was `recordParent[r]`.
 * A node that gets a better emission event later gets a *new* record, so the prefixes extended
 * from its old alignment keep a consistent chain of frames.
 *
 * ```ts
 * const trie = new PrefixTrie(0);
 * trie.reserve(2);
 * const a = trie.child(PrefixTrie.ROOT, 7);   // 1  (prefix [7])
 * const ab = trie.child(a, 9);                // 2  (prefix [7, 9])
 * trie.child(PrefixTrie.ROOT, 7);             // 1 again: same sequence, same id
 * trie.tokens(ab);                            // [7, 9]
 * ```
 *
 * Arrays are replaced when the trie grows, so callers must `reserve()` room for the nodes a
 * frame may create before caching array references; `child()` itself never grows.
 */
export class PrefixTrie {
  static readonly ROOT = 0;

  /** Number of nodes (ids `0 … size-1`). */
  size = 1;
  parent: Int32Array;
  token: Int32Array;
  /** Log-mass (parent mass + token log-prob) of the emission event chosen for the last token. */
  emitMass: Float64Array;
  /** Frame record of that event. */
  record: Int32Array;
  /** Last frame at which this prefix was more likely still emitting its last token than not. */
  lastFrame: Int32Array;
  /** `t + 2` when the node survived pruning at frame `t` (root: 1 = alive before frame 0). */
  aliveStamp: Int32Array;
  /** `t + 1` while the node is in the candidate set being built at frame `t`. */
  nextStamp: Int32Array;
  /** Index of the node in that candidate set (valid when `nextStamp` matches). */
  slot: Int32Array;
  /** Sum of all token scorers' cumulative scores for this prefix. */
  scoreTotal: Float64Array;
  /** Per scorer: cumulative score of this prefix. */
  scorerTotals: Float64Array[];
  /** Per scorer: its state after this prefix (plain arrays: states are scorer-defined values). */
  scorerStates: unknown[][];
  /** Number of frame records (record 0 belongs to the root). */
  records = 1;
  /** Record → frame at which its token was first emitted. */
  recordFirst: Int32Array;
  /** Record → last frame of the previous token at that moment (-1: none). */
  recordPrevLast: Int32Array;
  /** Record → the previous token's record (-1 for the root's). */
  recordParent: Int32Array;
  private readonly edges: PairMap;

  constructor(numScorers: number, initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.parent = new Int32Array(cap);
    this.token = new Int32Array(cap);
    this.emitMass = new Float64Array(cap);
    this.record = new Int32Array(cap);
    this.lastFrame = new Int32Array(cap);
    this.aliveStamp = new Int32Array(cap);
    this.nextStamp = new Int32Array(cap);
    this.slot = new Int32Array(cap);
    this.scoreTotal = new Float64Array(cap);
    this.scorerTotals = Array.from({ length: numScorers }, () => new Float64Array(cap));
    this.scorerStates = Array.from({ length: numScorers }, () => []);
    this.recordFirst = new Int32Array(cap);
    this.recordPrevLast = new Int32Array(cap);
    this.recordParent = new Int32Array(cap);
    this.edges = new PairMap(cap);
    this.initRoot();
  }

  /**
   * Empties the trie for a new utterance, keeping its capacity (so a decoder can reuse one
   * trie instead of allocating a fresh one per call).
   */
  reset(numScorers: number): void {
    this.nextStamp.fill(0, 0, this.size);
    this.aliveStamp.fill(0, 0, this.size);
    const cap = this.parent.length;
    while (this.scorerTotals.length < numScorers) this.scorerTotals.push(new Float64Array(cap));
    this.scorerTotals.length = numScorers;
    this.scorerStates = Array.from({ length: numScorers }, () => []);
    this.edges.clear();
    this.size = 1;
    this.records = 1;
    this.initRoot();
  }

  /** Forgets the scorers' states (so an idle trie keeps no references to them). */
  dropStates(): void {
    for (const states of this.scorerStates) states.length = 0;
  }

  private initRoot(): void {
    this.parent[0] = -1;
    this.token[0] = -1;
    this.lastFrame[0] = -1;
    this.aliveStamp[0] = 1;
    this.nextStamp[0] = 0;
    this.scoreTotal[0] = 0;
    this.record[0] = 0;
    this.recordFirst[0] = -1;
    this.recordPrevLast[0] = -1;
    this.recordParent[0] = -1;
    for (const totals of this.scorerTotals) totals[0] = 0;
  }

  /** Makes room for `extra` more nodes and records (may replace every typed array). */
  reserve(extra: number): void {
    const needRecords = this.records + extra;
    if (needRecords > this.recordFirst.length) {
      let cap = this.recordFirst.length;
      while (cap < needRecords) cap *= 2;
      this.recordFirst = growInt(this.recordFirst, cap);
      this.recordPrevLast = growInt(this.recordPrevLast, cap);
      this.recordParent = growInt(this.recordParent, cap);
    }
    const need = this.size + extra;
    if (need <= this.parent.length) return;
    let cap = this.parent.length;
    while (cap < need) cap *= 2;
    this.parent = growInt(this.parent, cap);
    this.token = growInt(this.token, cap);
    this.emitMass = growFloat(this.emitMass, cap);
    this.record = growInt(this.record, cap);
    this.lastFrame = growInt(this.lastFrame, cap);
    this.aliveStamp = growInt(this.aliveStamp, cap);
    this.nextStamp = growInt(this.nextStamp, cap);
    this.slot = growInt(this.slot, cap);
    this.scoreTotal = growFloat(this.scoreTotal, cap);
    this.scorerTotals = this.scorerTotals.map((a) => growFloat(a, cap));
  }

  /** Id of `parent`'s child by `token`, created if needed (room must be reserved). */
  child(parent: number, token: number): number {
    const id = this.size;
    const found = this.edges.getOrInsert(parent, token, id);
    if (found !== -1) return found;
    this.size++;
    this.parent[id] = parent;
    this.token[id] = token;
    return id;
  }

  /** Adds a frame record (room must be reserved) and returns its id. */
  addRecord(first: number, prevLast: number, parentRecord: number): number {
    const r = this.records++;
    this.recordFirst[r] = first;
    this.recordPrevLast[r] = prevLast;
    this.recordParent[r] = parentRecord;
    return r;
  }

  /** Token sequence of `node`, root first. */
  tokens(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n !== PrefixTrie.ROOT; n = this.parent[n] as number) {
      out.push(this.token[n] as number);
    }
    return out.reverse();
  }
}

function growInt(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function growFloat(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
