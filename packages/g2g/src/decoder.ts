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

/** A partial decoding (a class, so that every hypothesis shares one V8 hidden class). */
class Hyp {
  constructor(
    public score: number,
    /** Interned history (last `order - 1` units). */
    readonly hist: number,
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
   * (`-1` when the model keeps no history).
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
 * the order found), and the unnormalized total. Histories and outputs are interned to small integers so that merging and
 * scoring are numeric map lookups.
 */
export function decodeJoint(req: DecodeRequest): DecodeResult {
  const { model, length, beam } = req;
  if (length > MAX_INPUT_LENGTH) return { outputs: [], total: Number.NEGATIVE_INFINITY };
  const keep = model.order - 1;
  const V = model.units.length;

  // Interned histories: id → units (last `keep`, oldest first); content key → id;
  // (id, unit) → id of the extended, truncated history.
  const histUnits: number[][] = [keep === 0 ? [] : [BOS]];
  const histByContent = new Map<number, number>([[keep === 0 ? 0 : BOS + 1, 0]]);
  const histStep = new Map<number, number>();
  const nextHist = (h: number, u: number): number => {
    const key = h * V + u;
    let id = histStep.get(key);
    if (id === undefined) {
      const units = keep === 0 ? [] : [...(histUnits[h] as number[]), u].slice(-keep);
      let content = 0; // base-(V+1) digits, exact while (V+1)^keep < 2^53 (checked by G2p)
      for (const x of units) content = content * (V + 1) + x + 1;
      id = histByContent.get(content);
      if (id === undefined) {
        id = histUnits.length;
        histUnits.push(units);
        histByContent.set(content, id);
      }
      histStep.set(key, id);
    }
    return id;
  };
  const lpCache = new Map<number, number>();
  const logProb = (h: number, u: number): number => {
    const key = h * V + u;
    let lp = lpCache.get(key);
    if (lp === undefined) {
      lp = model.logProb(histUnits[h] as number[], u);
      lpCache.set(key, lp);
    }
    return lp;
  };
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
  const extend = (h: Hyp, unit: number, eps: number): Hyp =>
    new Hyp(h.score + logProb(h.hist, unit), nextHist(h.hist, unit), nextOut(h.out, unit), eps);
  // States are merged on (hist, out, eps); ids stay far below 2^22 for inputs ≤ MAX_INPUT_LENGTH.
  const prune = (hyps: readonly Hyp[]): Hyp[] => {
    const merged = new Map<number, Hyp>();
    for (const h of hyps) {
      if (h.score === Number.NEGATIVE_INFINITY) continue;
      const key = (h.hist * 4194304 + h.out) * 8 + h.eps;
      const old = merged.get(key);
      if (old === undefined) merged.set(key, new Hyp(h.score, h.hist, h.out, h.eps));
      else old.score = logAdd(old.score, h.score);
    }
    const out = [...merged.values()];
    return out.length <= beam ? out : out.sort((a, b) => b.score - a.score).slice(0, beam);
  };

  const layers: Hyp[][] = Array.from({ length: length + 1 }, () => []);
  (layers[0] as Hyp[]).push(new Hyp(0, 0, 0, 0));
  let finals: Hyp[] = [];
  for (let i = 0; i <= length; i++) {
    let layer = prune(layers[i] as Hyp[]);
    layers[i] = [];
    if (layer.length === 0) continue;
    const { epsilonAfter } = req;
    if (epsilonAfter !== undefined && req.maxEpsilonRun > 0) {
      let frontier = layer;
      const all = layer.slice();
      while (frontier.length > 0) {
        const next: Hyp[] = [];
        for (const h of frontier) {
          if (h.eps >= req.maxEpsilonRun) continue;
          const hist = histUnits[h.hist] as number[];
          for (const unit of epsilonAfter(keep === 0 ? -1 : (hist[hist.length - 1] as number))) {
            next.push(extend(h, unit, h.eps + 1));
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
    for (const h of layer) {
      for (const c of cands) {
        if (c.consumed === 0 || i + c.consumed > length) continue;
        (layers[i + c.consumed] as Hyp[]).push(extend(h, c.unit, 0));
      }
    }
  }
  const byOutput = new Map<number, number>();
  let total = Number.NEGATIVE_INFINITY;
  for (const h of finals) {
    const s = h.score + logProb(h.hist, EOS);
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
