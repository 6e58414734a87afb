import type { Posteriors } from '@ctcbias/core';
import { type CtcGraph, FILLER } from './ctc-graph.js';

/** Best log-prob of each frame over all columns (the emission of FILLER states). */
export function frameMaxima(p: Posteriors): Float64Array {
  const { logProbs, frames, vocabSize } = p;
  const out = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    let m = Number.NEGATIVE_INFINITY;
    const row = t * vocabSize;
    for (let v = 0; v < vocabSize; v++) {
      const x = logProbs[row + v] as number;
      if (x > m) m = x;
    }
    out[t] = m;
  }
  return out;
}

/** Emission log-probs of every state at frame t into `out`. */
function emit(
  g: CtcGraph,
  p: Posteriors,
  maxima: Float64Array | undefined,
  t: number,
  out: Float64Array,
): void {
  const row = t * p.vocabSize;
  for (let s = 0; s < g.numStates; s++) {
    const lab = g.label[s] as number;
    out[s] = lab === FILLER ? (maxima?.[t] ?? 0) : (p.logProbs[row + lab] as number);
  }
}

/** Whether state s can be on a complete path at frame t of T (see `CtcGraph.minFrom`). */
function live(g: CtcGraph, s: number, t: number, T: number): boolean {
  return (g.minFrom[s] as number) <= t + 1 && (g.minTo[s] as number) <= T - t;
}

function hasFiller(g: CtcGraph): boolean {
  return g.label.includes(FILLER);
}

/** The best path of a {@link CtcGraph}: one state per frame, and its log-prob. */
export interface ViterbiPath {
  /** State occupied at each frame; empty when no path exists. */
  readonly states: Int32Array;
  /** Per-frame emission log-probs along the path (same length as `states`). */
  readonly emissions: Float64Array;
  /** Sum of `emissions`; -Infinity when no path exists (e.g. too few frames). */
  readonly logProb: number;
}

const NO_PATH: ViterbiPath = {
  states: new Int32Array(0),
  emissions: new Float64Array(0),
  logProb: Number.NEGATIVE_INFINITY,
};

/**
 * Viterbi (max-product) search over all frames of `p`. Ties go to the lower-numbered
 * predecessor, the self-loop first, so results are deterministic.
 */
export function viterbi(g: CtcGraph, p: Posteriors): ViterbiPath {
  const T = p.frames;
  const S = g.numStates;
  if (T === 0) {
    const ok = g.isFinal[0] === 1;
    return ok ? { ...NO_PATH, logProb: 0 } : NO_PATH;
  }
  const maxima = hasFiller(g) ? frameMaxima(p) : undefined;
  const e = new Float64Array(S);
  let prev = new Float64Array(S);
  let cur = new Float64Array(S);
  const back = new Int32Array(T * S);
  emit(g, p, maxima, 0, e);
  for (let s = 0; s < S; s++) prev[s] = live(g, s, 0, T) ? (e[s] as number) : -Infinity;
  for (let t = 1; t < T; t++) {
    emit(g, p, maxima, t, e);
    const bt = t * S;
    for (let s = 0; s < S; s++) {
      if (!live(g, s, t, T)) {
        cur[s] = Number.NEGATIVE_INFINITY;
        continue;
      }
      let best = prev[s] as number;
      let arg = s;
      const end = g.predStart[s + 1] as number;
      for (let k = g.predStart[s] as number; k < end; k++) {
        const q = g.preds[k] as number;
        const v = prev[q] as number;
        if (v > best) {
          best = v;
          arg = q;
        }
      }
      cur[s] = best + (e[s] as number);
      back[bt + s] = arg;
    }
    [prev, cur] = [cur, prev];
  }
  let bestFinal = Number.NEGATIVE_INFINITY;
  let last = -1;
  for (let s = 0; s < S; s++) {
    if (g.isFinal[s] === 1 && (prev[s] as number) > bestFinal) {
      bestFinal = prev[s] as number;
      last = s;
    }
  }
  if (last < 0 || !(bestFinal > Number.NEGATIVE_INFINITY)) return NO_PATH;
  const states = new Int32Array(T);
  states[T - 1] = last;
  for (let t = T - 1; t > 0; t--) states[t - 1] = back[t * S + (states[t] as number)] as number;
  const emissions = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const lab = g.label[states[t] as number] as number;
    emissions[t] =
      lab === FILLER ? (maxima?.[t] ?? 0) : (p.logProbs[t * p.vocabSize + lab] as number);
  }
  return { states, emissions, logProb: bestFinal };
}

/**
 * Forward (sum-product, log-sum-exp) log-likelihood of the graph: log Σ over all paths. For a
 * single phone sequence this is the CTC log-likelihood log P(phones | posteriors).
 */
export function forward(g: CtcGraph, p: Posteriors): number {
  const T = p.frames;
  const S = g.numStates;
  if (T === 0) return g.isFinal[0] === 1 ? 0 : Number.NEGATIVE_INFINITY;
  const maxima = hasFiller(g) ? frameMaxima(p) : undefined;
  const e = new Float64Array(S);
  let prev = new Float64Array(S);
  let cur = new Float64Array(S);
  emit(g, p, maxima, 0, e);
  for (let s = 0; s < S; s++) prev[s] = live(g, s, 0, T) ? (e[s] as number) : -Infinity;
  for (let t = 1; t < T; t++) {
    emit(g, p, maxima, t, e);
    for (let s = 0; s < S; s++) {
      if (!live(g, s, t, T)) {
        cur[s] = Number.NEGATIVE_INFINITY;
        continue;
      }
      const start = g.predStart[s] as number;
      const end = g.predStart[s + 1] as number;
      let m = prev[s] as number;
      for (let k = start; k < end; k++) m = Math.max(m, prev[g.preds[k] as number] as number);
      if (m === Number.NEGATIVE_INFINITY) {
        cur[s] = m;
        continue;
      }
      let sum = Math.exp((prev[s] as number) - m);
      for (let k = start; k < end; k++) sum += Math.exp((prev[g.preds[k] as number] as number) - m);
      cur[s] = m + Math.log(sum) + (e[s] as number);
    }
    [prev, cur] = [cur, prev];
  }
  let m = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < S; s++) if (g.isFinal[s] === 1) m = Math.max(m, prev[s] as number);
  if (m === Number.NEGATIVE_INFINITY) return m;
  let sum = 0;
  for (let s = 0; s < S; s++) if (g.isFinal[s] === 1) sum += Math.exp((prev[s] as number) - m);
  return m + Math.log(sum);
}
