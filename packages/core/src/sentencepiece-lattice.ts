/**
 * The unigram segmentation lattice of SentencePiece (`unigram_model.cc`), reproduced
 * operation-for-operation so that n-best lists — including their order on exact score ties —
 * match the C++ library: scores are float32 (`Math.fround` after every addition, as C++ `float`
 * arithmetic does), and the A* agenda is a binary heap that moves elements exactly like
 * libstdc++'s `std::priority_queue` (`push_heap` / `pop_heap`).
 *
 * Positions are character (code point) indices into the normalized text.
 *
 * ```ts
 * // "▁ab" with pieces ▁ (-1), a (-2), b (-2), ▁a (-2.5), ab (-3):
 * const lat = new Lattice(3);
 * lat.insert(0, 1, idOf('▁'), -1); lat.insert(0, 2, idOf('▁a'), -2.5);
 * lat.insert(1, 1, idOf('a'), -2); lat.insert(1, 2, idOf('ab'), -3);
 * lat.insert(2, 1, idOf('b'), -2);
 * lat.viterbi();  // { nodes: [▁, ab], score: -4 }
 * lat.nbest(3);   // ▁ ab (-4), ▁a b (-4.5), ▁ a b (-5)
 * ```
 */

export interface LatticeNode {
  /** Vocabulary id (-1 for the BOS/EOS sentinels). */
  readonly id: number;
  /** First character. */
  readonly pos: number;
  /** Length in characters. */
  readonly length: number;
  /** float32 piece score. */
  readonly score: number;
  /** Best path score from BOS up to and including this node (filled by `viterbi`). */
  backtrace: number;
  prev: LatticeNode | null;
}

export interface LatticePath {
  readonly nodes: readonly LatticeNode[];
  /** float32 sum of the node scores. */
  readonly score: number;
}

/** A* hypothesis: a suffix of a path, from `node` to EOS. */
interface Hyp {
  readonly node: LatticeNode;
  readonly next: Hyp | null;
  /** Priority: `gx` plus the exact best score from BOS to `node` (`node.backtrace`). */
  readonly fx: number;
  /** Sum of the scores from EOS back to (excluding) `node`'s left neighbour. */
  readonly gx: number;
}

/** SentencePiece shrinks the A* agenda to keep memory bounded on long inputs. */
const MAX_AGENDA_SIZE = 10000;
const MIN_AGENDA_SIZE = 512;

const f32 = Math.fround;

export class Lattice {
  readonly beginNodes: LatticeNode[][] = [];
  readonly endNodes: LatticeNode[][] = [];
  readonly bos: LatticeNode;
  readonly eos: LatticeNode;

  /** A lattice over `length` characters, holding only the BOS and EOS sentinels. */
  constructor(readonly length: number) {
    for (let i = 0; i <= length; i++) {
      this.beginNodes.push([]);
      this.endNodes.push([]);
    }
    this.bos = { id: -1, pos: 0, length: 0, score: 0, backtrace: 0, prev: null };
    this.eos = { id: -1, pos: length, length: 0, score: 0, backtrace: 0, prev: null };
    this.endNodes[0]?.push(this.bos);
    this.beginNodes[length]?.push(this.eos);
  }

  /** Adds a node; callers insert by increasing `pos`, then increasing `length`. */
  insert(pos: number, length: number, id: number, score: number): LatticeNode {
    const node: LatticeNode = { id, pos, length, score: f32(score), backtrace: 0, prev: null };
    this.beginNodes[pos]?.push(node);
    this.endNodes[pos + length]?.push(node);
    return node;
  }

  /** Best path (ties: the earliest-inserted left neighbour wins) and fills `backtrace`. */
  viterbi(): LatticePath {
    for (let pos = 0; pos <= this.length; pos++) {
      const lefts = this.endNodes[pos] as LatticeNode[];
      for (const rnode of this.beginNodes[pos] as LatticeNode[]) {
        let best: LatticeNode | null = null;
        let bestScore = 0;
        for (const lnode of lefts) {
          const score = f32(lnode.backtrace + rnode.score);
          if (best === null || score > bestScore) {
            best = lnode;
            bestScore = score;
          }
        }
        rnode.prev = best;
        rnode.backtrace = bestScore;
      }
    }
    const nodes: LatticeNode[] = [];
    for (let n = this.eos.prev; n !== null && n.prev !== null; n = n.prev) nodes.push(n);
    nodes.reverse();
    return { nodes, score: this.eos.backtrace };
  }

  /** Up to `n` best paths by A* from EOS, best first (SentencePiece `Lattice::NBest`). */
  nbest(n: number): LatticePath[] {
    if (n < 1) return [];
    if (n === 1) return [this.viterbi()];
    this.viterbi();
    let agenda: Hyp[] = [];
    heapPush(agenda, { node: this.eos, next: null, fx: this.eos.backtrace, gx: 0 });
    const results: LatticePath[] = [];
    while (agenda.length > 0) {
      const top = heapPop(agenda);
      if (top.node === this.bos) {
        const nodes: LatticeNode[] = [];
        for (let h = top.next; h !== null && h.next !== null; h = h.next) nodes.push(h.node);
        results.push({ nodes, score: top.fx });
        if (results.length === n) break;
        continue;
      }
      for (const lnode of this.endNodes[top.node.pos] as LatticeNode[]) {
        heapPush(agenda, {
          node: lnode,
          next: top,
          gx: f32(lnode.score + top.gx),
          fx: f32(lnode.backtrace + top.gx),
        });
      }
      if (agenda.length >= MAX_AGENDA_SIZE) {
        const keep: Hyp[] = [];
        const size = Math.min(MIN_AGENDA_SIZE, n * 10);
        for (let i = 0; i < size; i++) heapPush(keep, heapPop(agenda));
        agenda = keep;
      }
    }
    return results;
  }
}

// --- libstdc++ binary heap (max-heap on fx), element moves identical to std::push_heap/pop_heap.

function siftUp(h: Hyp[], hole: number, top: number, value: Hyp): void {
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && (h[parent] as Hyp).fx < value.fx) {
    h[hole] = h[parent] as Hyp;
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  h[hole] = value;
}

function heapPush(h: Hyp[], value: Hyp): void {
  h.push(value);
  siftUp(h, h.length - 1, 0, value);
}

/** `std::__adjust_heap`: sinks the hole at `hole` to a leaf, then sifts `value` up into it. */
function adjust(h: Hyp[], hole: number, len: number, value: Hyp): void {
  const top = hole;
  let child = hole;
  while (child < Math.floor((len - 1) / 2)) {
    child = 2 * (child + 1);
    if ((h[child] as Hyp).fx < (h[child - 1] as Hyp).fx) child--;
    h[hole] = h[child] as Hyp;
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
    child = 2 * (child + 1);
    h[hole] = h[child - 1] as Hyp;
    hole = child - 1;
  }
  siftUp(h, hole, top, value);
}

function heapPop(h: Hyp[]): Hyp {
  const top = h[0] as Hyp;
  const last = h.pop() as Hyp;
  if (h.length > 0) adjust(h, 0, h.length, last);
  return top;
}
