import { CtcBiasError } from '@ctcbias/core';

/** How many letters and how many phones one alignment unit may join, e.g. `[1, 2]` for x↔K S. */
export type UnitShape = readonly [letters: number, phones: number];

/**
 * Default unit shapes: one letter spells no phone (`[1, 0]`, the "e" of "make"), one phone, or
 * two (`[1, 2]`, x↔K S). Phones are never inserted without a letter. Digraphs come out as a
 * letter plus a silent letter (p↔F h↔∅), which the n-gram model reads in context.
 *
 * Measured on CMUdict (4-gram, 1000 held-out words): adding two-letter units (`[2, 1]`,
 * `[2, 2]`, with `penalize`) gave the same accuracy (66.6 vs 66.7 % top-1) for a 3× slower EM.
 */
export const DEFAULT_SHAPES: readonly UnitShape[] = Object.freeze([
  [1, 0],
  [1, 1],
  [1, 2],
] as const);

/** A word's letters with one pronunciation (stressless ARPAbet). */
export interface TrainingPair {
  readonly letters: string;
  readonly phones: readonly string[];
}

/** One aligned chunk: some letters and the phones they spell (possibly none). */
export interface AlignedUnit {
  readonly letters: string;
  readonly phones: readonly string[];
}

/**
 * Key of a unit: letters, `:`, phones joined by spaces.
 *
 * ```ts
 * unitKey('ph', ['F']);      // 'ph:F'
 * unitKey('x', ['K', 'S']);  // 'x:K S'
 * unitKey('e', []);          // 'e:'
 * ```
 */
export function unitKey(letters: string, phones: readonly string[]): string {
  return `${letters}:${phones.join(' ')}`;
}

/**
 * A letter↔phone alignment model: the probability of each unit, learned by EM.
 *
 * ```ts
 * const { model } = trainAligner([
 *   { letters: 'cat', phones: ['K', 'AE', 'T'] },
 *   { letters: 'cake', phones: ['K', 'EY', 'K'] },
 *   { letters: 'tax', phones: ['T', 'AE', 'K', 'S'] },
 * ]);
 * alignPair(model, { letters: 'tax', phones: ['T', 'AE', 'K', 'S'] });
 * // → [{ letters: 't', phones: ['T'] }, { letters: 'a', phones: ['AE'] }, { letters: 'x', phones: ['K', 'S'] }]
 * ```
 */
export interface AlignmentModel {
  readonly shapes: readonly UnitShape[];
  /** Unit key (see {@link unitKey}) → probability; units never seen in training are absent. */
  readonly probs: ReadonlyMap<string, number>;
  /** Whether alignment raises P(unit) to the power max(letters, phones); see `AlignerOptions`. */
  readonly penalize: boolean;
}

export interface AlignerOptions {
  /** Allowed unit shapes; default {@link DEFAULT_SHAPES}. */
  readonly shapes?: readonly UnitShape[];
  /** EM iterations; default 10. */
  readonly iterations?: number;
  /**
   * Raise each unit's probability to the power max(letters, phones), in EM and alignment
   * (default false). Only matters with two-letter shapes: plain maximum likelihood then prefers
   * few, long units ("ma"↔M EY, "ke"↔K), since every extra unit multiplies in one more
   * probability below 1; the penalty (as Phonetisaurus's `penalize`) makes short units win.
   * With one-letter shapes every alignment of a word has the same number of units.
   */
  readonly penalize?: boolean;
  /** Called after each iteration with the training-set log-likelihood (natural log). */
  readonly onIteration?: (iteration: number, logLikelihood: number) => void;
}

export interface AlignerResult {
  readonly model: AlignmentModel;
  /** Log-likelihood after each iteration (non-decreasing without `penalize`, as EM guarantees). */
  readonly logLikelihoods: readonly number[];
  /** Pairs that no sequence of units can align (e.g. more phones than twice the letters). */
  readonly unalignable: number;
}

/**
 * Calls `visit(i, j, shape)` for every unit that ends at cell (i letters, j phones) and starts
 * in a cell from which (L, M) stays reachable — the same order every time, so a flat array of
 * unit ids can stand in for the edges of every EM iteration.
 */
function forEachEdge(
  L: number,
  M: number,
  shapes: readonly UnitShape[],
  maxPhones: number,
  visit: (i: number, j: number, g: number, p: number) => void,
): void {
  for (let i = 1; i <= L; i++) {
    for (let j = 0; j <= M; j++) {
      // (i, j) must be reachable from (0, 0) and must still reach (L, M).
      if (j > maxPhones * i || M - j > maxPhones * (L - i)) continue;
      for (const [g, p] of shapes) {
        const i0 = i - g;
        const j0 = j - p;
        if (i0 < 0 || j0 < 0 || j0 > maxPhones * i0) continue;
        visit(i, j, g, p);
      }
    }
  }
}

/**
 * Learns unit probabilities by EM over all monotone many-to-many alignments of each pair
 * (Jiampojamarn et al. 2007, joint normalization), starting from uniform probabilities.
 * Deterministic: same pairs, same model.
 */
export function trainAligner(
  pairs: readonly TrainingPair[],
  options: AlignerOptions = {},
): AlignerResult {
  const shapes = options.shapes ?? DEFAULT_SHAPES;
  const iterations = options.iterations ?? 10;
  const penalize = options.penalize ?? false;
  const maxPhones = Math.max(...shapes.map((s) => s[1]));
  if (!shapes.every(([g, p]) => g >= 1 && p >= 0)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'every unit shape needs ≥ 1 letter', {
      value: shapes,
    });
  }

  // Pass 1: give every candidate unit an id and store each pair's edges as unit ids.
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const exponents: number[] = [];
  const offsets: number[] = [0];
  let edges = new Int32Array(1 << 20);
  let n = 0;
  const kept: TrainingPair[] = [];
  let unalignable = 0;
  for (const pair of pairs) {
    const L = pair.letters.length;
    const M = pair.phones.length;
    if (L === 0 || M > maxPhones * L) {
      unalignable++;
      continue;
    }
    forEachEdge(L, M, shapes, maxPhones, (i, j, g, p) => {
      const key = unitKey(pair.letters.slice(i - g, i), pair.phones.slice(j - p, j));
      let id = ids.get(key);
      if (id === undefined) {
        id = keys.length;
        ids.set(key, id);
        keys.push(key);
        exponents.push(penalize ? Math.max(g, p) : 1);
      }
      if (n === edges.length) {
        const grown = new Int32Array(edges.length * 2);
        grown.set(edges);
        edges = grown;
      }
      edges[n++] = id;
    });
    kept.push(pair);
    offsets.push(n);
  }

  let prob = new Float64Array(keys.length).fill(1 / Math.max(1, keys.length));
  const logLikelihoods: number[] = [];
  let alpha = new Float64Array(0);
  let beta = new Float64Array(0);
  for (let it = 0; it < iterations; it++) {
    // E-step weights: P(u)^max(letters, phones) when penalizing (see AlignerOptions.penalize).
    const weight = prob.map((p, u) => p ** (exponents[u] as number));
    const counts = new Float64Array(keys.length);
    let ll = 0;
    kept.forEach((pair, k) => {
      const L = pair.letters.length;
      const M = pair.phones.length;
      const W = M + 1;
      const cells = (L + 1) * W;
      if (alpha.length < cells) {
        alpha = new Float64Array(cells * 2);
        beta = new Float64Array(cells * 2);
      }
      alpha.fill(0, 0, cells);
      beta.fill(0, 0, cells);
      alpha[0] = 1;
      let e = offsets[k] as number;
      forEachEdge(L, M, shapes, maxPhones, (i, j, g, p) => {
        const u = edges[e++] as number;
        alpha[i * W + j] =
          (alpha[i * W + j] as number) +
          (alpha[(i - g) * W + j - p] as number) * (weight[u] as number);
      });
      const z = alpha[L * W + M] as number;
      if (!(z > 0) || !Number.isFinite(z)) return; // underflow: skip this pair this iteration
      ll += Math.log(z);
      beta[L * W + M] = 1;
      // Backward: the same edges in reverse order.
      const ends: number[] = [];
      forEachEdge(L, M, shapes, maxPhones, (i, j, g, p) => {
        ends.push(i, j, g, p);
      });
      e = offsets[k + 1] as number;
      for (let q = ends.length - 4; q >= 0; q -= 4) {
        const i = ends[q] as number;
        const j = ends[q + 1] as number;
        const from = (i - (ends[q + 2] as number)) * W + j - (ends[q + 3] as number);
        const u = edges[--e] as number;
        const pu = weight[u] as number;
        const b = beta[i * W + j] as number;
        beta[from] = (beta[from] as number) + pu * b;
        counts[u] = (counts[u] as number) + ((alpha[from] as number) * pu * b) / z;
      }
    });
    let total = 0;
    for (const c of counts) total += c;
    prob = counts.map((c) => c / total);
    logLikelihoods.push(ll);
    options.onIteration?.(it + 1, ll);
  }

  const probs = new Map<string, number>();
  keys.forEach((key, id) => {
    const p = prob[id] as number;
    if (p > 0) probs.set(key, p);
  });
  return { model: { shapes, probs, penalize }, logLikelihoods, unalignable };
}

/**
 * The most probable (Viterbi) alignment of one pair under `model`, or `undefined` when no
 * sequence of known units spells it.
 */
export function alignPair(model: AlignmentModel, pair: TrainingPair): AlignedUnit[] | undefined {
  const L = pair.letters.length;
  const M = pair.phones.length;
  const maxPhones = Math.max(...model.shapes.map((s) => s[1]));
  if (L === 0 || M > maxPhones * L) return undefined;
  const W = M + 1;
  const best = new Float64Array((L + 1) * W).fill(Number.NEGATIVE_INFINITY);
  const back = new Int32Array((L + 1) * W).fill(-1);
  best[0] = 0;
  forEachEdge(L, M, model.shapes, maxPhones, (i, j, g, p) => {
    const from = (i - g) * W + j - p;
    const prev = best[from] as number;
    if (prev === Number.NEGATIVE_INFINITY) return;
    const pu = model.probs.get(unitKey(pair.letters.slice(i - g, i), pair.phones.slice(j - p, j)));
    if (pu === undefined) return;
    const s = prev + Math.log(pu) * (model.penalize ? Math.max(g, p) : 1);
    if (s > (best[i * W + j] as number)) {
      best[i * W + j] = s;
      back[i * W + j] = from;
    }
  });
  if (best[L * W + M] === Number.NEGATIVE_INFINITY) return undefined;
  const units: AlignedUnit[] = [];
  let cell = L * W + M;
  while (cell !== 0) {
    const from = back[cell] as number;
    const i = Math.floor(cell / W);
    const j = cell % W;
    const i0 = Math.floor(from / W);
    const j0 = from % W;
    units.push({ letters: pair.letters.slice(i0, i), phones: pair.phones.slice(j0, j) });
    cell = from;
  }
  return units.reverse();
}

/** Training pairs as unit-id sequences for the joint n-gram (see {@link alignedUnitSequences}). */
export interface UnitSequences {
  /** Unit table: ids 0 and 1 are the reserved sentence markers (`BOS`, `EOS`), then units in order of first use. */
  readonly units: AlignedUnit[];
  /** One sequence of unit ids per pair that could be aligned. */
  readonly sequences: number[][];
  /** Pairs `alignPair` could not align (left out). */
  readonly unaligned: number;
}

/**
 * Viterbi-aligns every pair and numbers the distinct units — the input of `trainKneserNey`.
 *
 * ```ts
 * const { units, sequences } = alignedUnitSequences(model, [{ letters: 'ab', phones: ['AE', 'B'] }]);
 * // units: [BOS, EOS, a→AE, b→B]; sequences: [[2, 3]]
 * ```
 */
export function alignedUnitSequences(
  model: AlignmentModel,
  pairs: readonly TrainingPair[],
): UnitSequences {
  const units: AlignedUnit[] = [
    { letters: '', phones: [] },
    { letters: '', phones: [] },
  ];
  const ids = new Map<string, number>();
  const sequences: number[][] = [];
  for (const pair of pairs) {
    const aligned = alignPair(model, pair);
    if (aligned === undefined) continue;
    sequences.push(
      aligned.map((u) => {
        const k = unitKey(u.letters, u.phones);
        let id = ids.get(k);
        if (id === undefined) {
          id = units.length;
          ids.set(k, id);
          units.push(u);
        }
        return id;
      }),
    );
  }
  return { units, sequences, unaligned: pairs.length - sequences.length };
}
