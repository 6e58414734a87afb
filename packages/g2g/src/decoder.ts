import { BOS, EOS, type JointNgram } from './joint-ngram.js';

/** A unit that can be read at some input position, and how much input it consumes. */
export interface Candidate {
  readonly unit: number;
  readonly consumed: number;
}

/** One decoded output with ln P(output | input), normalized over everything the beam found. */
export interface Decoded {
  readonly output: readonly string[];
  readonly score: number;
}

/** The k best outputs, and ln of the joint probability of the input summed over the beam. */
export interface DecodeResult {
  readonly outputs: readonly Decoded[];
  /** ln Σ P(input, output) over every finished hypothesis: how well the model explains the input. */
  readonly total: number;
}

/** Longest input `decodeJoint` accepts; longer inputs decode to nothing. */
export const MAX_INPUT_LENGTH = 64;

/** The `size` highest scores offered so far (a min-heap): `admit` says whether one gets in. */
class TopScores {
  private readonly heap: Float64Array;
  private n = 0;

  constructor(size: number) {
    this.heap = new Float64Array(size);
  }

  /** The lowest of the top scores once there are `size` of them, −∞ before. */
  get min(): number {
    return this.n < this.heap.length ? Number.NEGATIVE_INFINITY : (this.heap[0] as number);
  }

  admit(score: number): boolean {
    const heap = this.heap;
    if (this.n < heap.length) {
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if ((heap[p] as number) <= score) break;
        heap[i] = heap[p] as number;
        i = p;
      }
      heap[i] = score;
      return true;
    }
    if (!(score > (heap[0] as number))) return false;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const c = r < heap.length && (heap[r] as number) < (heap[l] as number) ? r : l;
      if ((heap[c] as number) >= score) break;
      heap[i] = heap[c] as number;
      i = c;
    }
    heap[i] = score;
    return true;
  }
}

/** A partial decoding (a class, so that every hypothesis shares one V8 hidden class). */
class Hyp {
  constructor(
    public score: number,
    /** Model state (`JointNgram.nextState`): what the n-gram remembers of the units so far. */
    readonly state: number,
    /** Interned output text. */
    readonly out: number,
    /** Units in a row that consumed no input (bounded, so decoding terminates). */
    readonly eps: number,
  ) {}
}

function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

export interface DecodeRequest {
  readonly model: JointNgram;
  /** Length of the input (letters for g2p, phones for p2g). */
  readonly length: number;
  /** Units that consume input and are readable at input position `i < length`. */
  readonly candidates: (i: number) => readonly Candidate[];
  /**
   * Units that consume no input (silent letters when spelling) allowed right after unit `last`
   * (`-1` for a unigram model, which keeps no history).
   */
  readonly epsilonAfter?: (last: number) => readonly number[];
  /** Output symbols (phones, or letters). */
  readonly symbols: readonly string[];
  /** Symbols (indices into `symbols`) each unit appends to the output, by unit id. */
  readonly emit: readonly (readonly number[])[];
  /** Hypotheses kept per input position. */
  readonly beam: number;
  /** Most units in a row that consume no input. */
  readonly maxEpsilonRun: number;
  /** How many outputs to return. */
  readonly k: number;
}

/**
 * Beam search over the segmentations of an input into joint units, left to right: hypotheses
 * are grouped by how much input they have consumed, scored by the joint n-gram, merged
 * (probabilities added) when they reach the same state — same last `order - 1` units, same
 * output, same run of input-less units — and at the end summed per distinct output. Returns
 * the `k` best outputs with ln P normalized over all finished hypotheses, best first (ties in
 * the order found), and the unnormalized total. Histories are the model's states and outputs
 * are interned to small integers, so that merging and scoring are numeric map lookups.
 */
export function decodeJoint(req: DecodeRequest): DecodeResult {
  const { model, length, beam } = req;
  if (length > MAX_INPUT_LENGTH) return { outputs: [], total: Number.NEGATIVE_INFINITY };
  const start = model.stateOf([BOS]);
  // Interned outputs: a trie of output symbols (node 0 = empty output), so that equal outputs
  // reached through different units get the same id.
  const S = req.symbols.length;
  const outParent: number[] = [-1];
  const outSymbol: number[] = [-1];
  const outChild = new Map<number, number>();
  const nextOut = (o: number, u: number): number => {
    let node = o;
    for (const sym of req.emit[u] as readonly number[]) {
      const key = node * S + sym;
      let child = outChild.get(key);
      if (child === undefined) {
        child = outParent.length;
        outParent.push(node);
        outSymbol.push(sym);
        outChild.set(key, child);
      }
      node = child;
    }
    return node;
  };
  const outputOf = (o: number): string[] => {
    const syms: string[] = [];
    for (let node = o; node > 0; node = outParent[node] as number) {
      syms.push(req.symbols[outSymbol[node] as number] as string);
    }
    return syms.reverse();
  };
  // Hypotheses are merged on (state, out, eps); output ids stay far below 2^22 for inputs ≤
  // MAX_INPUT_LENGTH.
  const prune = (hyps: readonly Hyp[]): Hyp[] => {
    const merged = new Map<number, Hyp>();
    for (const h of hyps) {
      if (h.score === Number.NEGATIVE_INFINITY) continue;
      const key = (h.state * 4194304 + h.out) * 8 + h.eps;
      const old = merged.get(key);
      if (old === undefined) merged.set(key, new Hyp(h.score, h.state, h.out, h.eps));
      else old.score = logAdd(old.score, h.score);
    }
    const out = [...merged.values()];
    return out.length <= beam ? out : out.sort((a, b) => b.score - a.score).slice(0, beam);
  };

  const layers: Hyp[][] = Array.from({ length: length + 1 }, () => []);
  // A hypothesis below the beam-th best score already sent to its layer is not built at all: the
  // layer's pruning would drop it, unless merging (which runs later) folds some of those better
  // ones together and leaves room. So this beam is slightly narrower than the merged one; on 600
  // held-out words the pronunciation lists came out the same (top scores within 0.011 nats).
  const floors = Array.from({ length: length + 1 }, () => new TopScores(beam));
  (layers[0] as Hyp[]).push(new Hyp(0, start, 0, 0));
  let finals: Hyp[] = [];
  for (let i = 0; i <= length; i++) {
    let layer = prune(layers[i] as Hyp[]);
    layers[i] = [];
    if (layer.length === 0) continue;
    const { epsilonAfter } = req;
    if (epsilonAfter !== undefined && req.maxEpsilonRun > 0) {
      let frontier = layer;
      const all = layer.slice();
      // as above: an input-less step scores lower than where it starts, so one below the
      // beam-th best of this position leads nowhere
      const floor = new TopScores(beam);
      for (const h of layer) floor.admit(h.score);
      while (frontier.length > 0) {
        const next: Hyp[] = [];
        for (const h of frontier) {
          if (h.eps >= req.maxEpsilonRun) continue;
          const last = model.newestUnit(h.state);
          // a state with no stored context (order > 1): the model saw nothing after that unit
          if (last < 0 && model.order > 1) continue;
          for (const unit of epsilonAfter(last)) {
            const score = h.score + model.logProbAt(h.state, unit);
            if (!floor.admit(score)) continue;
            next.push(
              new Hyp(score, model.nextState(h.state, unit), nextOut(h.out, unit), h.eps + 1),
            );
          }
        }
        frontier = prune(next);
        all.push(...frontier);
      }
      layer = prune(all);
    }
    if (i === length) {
      finals = layer;
      break;
    }
    const cands = req.candidates(i);
    layer.sort((a, b) => b.score - a.score); // the best first, so the floors rise early
    for (const h of layer) {
      for (const c of cands) {
        const to = i + c.consumed;
        if (c.consumed === 0 || to > length) continue;
        const floor = floors[to] as TopScores;
        if (h.score <= floor.min) continue; // ln P ≤ 0 cannot lift it above the floor
        const score = h.score + model.logProbAt(h.state, c.unit);
        if (!floor.admit(score)) continue;
        (layers[to] as Hyp[]).push(
          new Hyp(score, model.nextState(h.state, c.unit), nextOut(h.out, c.unit), 0),
        );
      }
    }
  }
  const byOutput = new Map<number, number>();
  let total = Number.NEGATIVE_INFINITY;
  for (const h of finals) {
    const s = h.score + model.logProbAt(h.state, EOS);
    if (s === Number.NEGATIVE_INFINITY) continue;
    byOutput.set(h.out, logAdd(byOutput.get(h.out) ?? Number.NEGATIVE_INFINITY, s));
    total = logAdd(total, s);
  }
  const outputs = [...byOutput]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, req.k)
    .map(([o, s]) => ({ output: outputOf(o), score: Math.min(0, s - total) }));
  return { outputs, total };
}
