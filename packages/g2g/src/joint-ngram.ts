import { CtcBiasError } from '@ctcbias/core';
import type { AlignedUnit } from './alignment.js';

/** Id of the sentence-start unit `<s>` (never predicted). */
export const BOS = 0;
/** Id of the sentence-end unit `</s>`. */
export const EOS = 1;

/**
 * The arrays of a backoff n-gram model over joint letter↔phone units ("graphones"), stored as
 * a context trie read newest unit first, so that walking down the trie with the history
 * h_k, h_{k-1}, … visits ever longer contexts.
 *
 * ```text
 * units:  0 <s>   1 </s>   2 c:K   3 a:AE   4 t:T
 * trie:   node 0 = ()  ─c:K→ node 1 = (c:K)  ─<s>→ node 2 = (<s> c:K)
 * entries of node 2: a:AE → ln 0.9      (P(a:AE | <s> c:K), seen in training)
 * backoff of node 2: ln 0.1             (mass left for units unseen after <s> c:K)
 * logProb([<s>, c:K], t:T) = backoff(node 2) + logProb([c:K], t:T)   (backs off to node 1, …)
 * ```
 *
 * Nodes are numbered breadth-first with each node's children sorted by unit, so the child
 * listed at position `i` of `childUnit` is node `i + 1`: `childStart[c]..childStart[c+1]`
 * index the children of node `c`, `entryStart[c]..entryStart[c+1]` index its
 * `entryUnit`/`entryLogProb` (sorted by unit). All scores are natural logs.
 */
export interface JointNgramArrays {
  /** n-gram order (≥ 1); histories longer than `order - 1` units are cut. */
  readonly order: number;
  /** Units by id; ids 0 and 1 are `<s>` and `</s>` (empty letters and phones). */
  readonly units: readonly AlignedUnit[];
  readonly childStart: Uint32Array;
  readonly childUnit: Uint16Array;
  readonly backoff: Float32Array;
  readonly entryStart: Uint32Array;
  readonly entryUnit: Uint16Array;
  readonly entryLogProb: Float32Array;
}

function findSorted(keys: Uint16Array, lo: number, hi: number, key: number): number {
  let a = lo;
  let b = hi - 1;
  while (a <= b) {
    const m = (a + b) >>> 1;
    const v = keys[m] as number;
    if (v === key) return m;
    if (v < key) a = m + 1;
    else b = m - 1;
  }
  return -1;
}

/** Per-node arrays of the state API (see `JointNgram.stateIndex`). */
interface StateIndex {
  readonly parent: Int32Array;
  /** The newest unit of each node's context (-1 for the root). */
  readonly newest: Int32Array;
  /** Scratch space for `nextState`. */
  readonly buffer: Int32Array;
}

/** A joint-sequence n-gram model: P(unit | previous units), with backoff. */
export class JointNgram {
  readonly order: number;
  readonly units: readonly AlignedUnit[];
  private readonly a: JointNgramArrays;
  private index: StateIndex | undefined;

  constructor(arrays: JointNgramArrays) {
    const nodes = arrays.backoff.length;
    if (
      arrays.order < 1 ||
      arrays.units.length < 2 ||
      arrays.childStart.length !== nodes + 1 ||
      arrays.entryStart.length !== nodes + 1 ||
      nodes < 1 ||
      arrays.childUnit.length !== nodes - 1 ||
      arrays.childStart[nodes] !== nodes - 1 ||
      arrays.entryStart[nodes] !== arrays.entryUnit.length ||
      arrays.entryUnit.length !== arrays.entryLogProb.length
    ) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'inconsistent joint n-gram arrays', {
        value: { order: arrays.order, nodes, units: arrays.units.length },
      });
    }
    this.order = arrays.order;
    this.units = arrays.units;
    this.a = arrays;
  }

  /** The arrays this model reads (for serialization). */
  get arrays(): JointNgramArrays {
    return this.a;
  }

  /** Number of context nodes and of stored n-gram probabilities. */
  get size(): { contexts: number; ngrams: number } {
    return { contexts: this.a.backoff.length, ngrams: this.a.entryUnit.length };
  }

  /**
   * Units seen right after `unit` in training (the entries of its one-unit context), sorted;
   * empty for a unit that never starts a stored context.
   */
  successors(unit: number): Uint16Array {
    const { childStart, childUnit, entryStart, entryUnit } = this.a;
    const at = findSorted(childUnit, childStart[0] as number, childStart[1] as number, unit);
    if (at < 0) return new Uint16Array(0);
    return entryUnit.subarray(entryStart[at + 1] as number, entryStart[at + 2] as number);
  }

  /**
   * The state API used by decoders: a *state* is a trie node — the longest stored context that
   * ends the history so far — and determines both ln P(next unit) and the next state, so
   * histories with the same state can be merged. Exact because the trie is suffix-closed (a
   * stored context minus its newest unit is stored too; checked here once, `trainKneserNey`
   * guarantees it).
   */
  private stateIndex(): StateIndex {
    if (this.index !== undefined) return this.index;
    const { childStart, childUnit } = this.a;
    const n = this.a.backoff.length;
    const parent = new Int32Array(n).fill(-1);
    const newest = new Int32Array(n).fill(-1);
    for (let c = 0; c < n; c++) {
      for (let i = childStart[c] as number; i < (childStart[c + 1] as number); i++) {
        parent[i + 1] = c;
        newest[i + 1] = c === 0 ? (childUnit[i] as number) : (newest[c] as number);
      }
    }
    const index: StateIndex = { parent, newest, buffer: new Int32Array(this.order) };
    this.index = index;
    // suffix closure: the context of every node below depth 1 without its newest unit is a node
    for (let x = 1; x < n; x++) {
      if ((parent[x] as number) === 0) continue;
      const units = this.contextUnits(x);
      let node = 0;
      for (let k = 1; k < units.length && node >= 0; k++)
        node = this.child(node, units[k] as number);
      if (node < 0) {
        this.index = undefined;
        throw new CtcBiasError(
          'UNSUPPORTED',
          'this joint n-gram is not suffix-closed (a stored context without its newest unit is missing); rebuild it with trainKneserNey',
          { value: { node: x } },
        );
      }
    }
    return index;
  }

  private child(node: number, unit: number): number {
    const { childStart, childUnit } = this.a;
    const at = findSorted(
      childUnit,
      childStart[node] as number,
      childStart[node + 1] as number,
      unit,
    );
    return at < 0 ? -1 : at + 1;
  }

  /** The context of trie node `x`, newest unit first. */
  private contextUnits(x: number): number[] {
    const { parent } = this.stateIndex();
    const out: number[] = [];
    for (let y = x; y > 0; y = parent[y] as number) out.push(this.a.childUnit[y - 1] as number);
    return out.reverse();
  }

  /** The state after `history` (oldest first, e.g. `[BOS]`): its longest stored context. */
  stateOf(history: readonly number[]): number {
    this.stateIndex(); // checks suffix closure, which the other state methods rely on
    let node = 0;
    const stop = Math.max(0, history.length - (this.order - 1));
    for (let k = history.length - 1; k >= stop; k--) {
      const next = this.child(node, history[k] as number);
      if (next < 0) break;
      node = next;
    }
    return node;
  }

  /** The state after state `state` and then `unit`. */
  nextState(state: number, unit: number): number {
    const { parent, buffer } = this.stateIndex();
    // the new history, newest first: unit, then the state's context (cut to order - 1 units)
    let len = 0;
    for (let y = state; y > 0; y = parent[y] as number)
      buffer[len++] = this.a.childUnit[y - 1] as number;
    let node = this.child(0, unit);
    if (node < 0) return 0;
    const room = Math.min(len, this.order - 2);
    for (let k = 0; k < room; k++) {
      const next = this.child(node, buffer[len - 1 - k] as number);
      if (next < 0) break;
      node = next;
    }
    return node;
  }

  /** ln P(unit | the history of state `state`); the same as {@link logProb} of that history. */
  logProbAt(state: number, unit: number): number {
    const { parent } = this.stateIndex();
    const { entryStart, entryUnit, entryLogProb, backoff } = this.a;
    let backoffSum = 0;
    for (let node = state; node >= 0; node = parent[node] as number) {
      const at = findSorted(
        entryUnit,
        entryStart[node] as number,
        entryStart[node + 1] as number,
        unit,
      );
      if (at >= 0) return (entryLogProb[at] as number) + backoffSum;
      backoffSum += backoff[node] as number;
    }
    return Number.NEGATIVE_INFINITY;
  }

  /** The newest unit of state `state`'s context; -1 for the root (empty context). */
  newestUnit(state: number): number {
    return this.stateIndex().newest[state] as number;
  }

  /**
   * ln P(unit | history), history oldest first (start it with `BOS`); `-Infinity` for a unit
   * the model cannot predict (`BOS`, or an id out of range).
   */
  logProb(history: readonly number[], unit: number): number {
    return this.logProbAt(this.stateOf(history), unit);
  }
}
