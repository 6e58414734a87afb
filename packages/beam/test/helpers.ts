import { createPosteriors, type Posteriors, Vocabulary } from '@ctcbias/core';

/**
 * A small SentencePiece-style vocabulary used across the tests:
 * blank, then word-start pieces (▁…) and continuation pieces.
 */
export const TOKENS = [
  '<blk>',
  '\u2581ka',
  'te',
  'de',
  'lyn',
  '\u2581is',
  '\u2581here',
  '\u2581new',
  '\u2581york',
  '\u2581city',
  '\u2581the',
  'ro',
  '\u2581a',
  'b',
] as const;

export const vocab = new Vocabulary([...TOKENS], 0);

/** Id of a token string of {@link vocab}. */
export function id(token: string): number {
  const i = vocab.idOf(token.replace(/^_/, '\u2581'));
  if (i === undefined) throw new Error(`no token ${token}`);
  return i;
}

/**
 * One frame as probabilities: the named tokens (`_ka` = `▁ka`) get the given probabilities, the
 * remaining mass is spread evenly over all other symbols (blank included unless named).
 */
export type FrameSpec = Readonly<Record<string, number>>;

/** Builds natural-log posteriors from per-frame probability specs over {@link vocab}. */
export function posteriors(frames: readonly FrameSpec[], v: Vocabulary = vocab): Posteriors {
  const V = v.size;
  const data = new Float32Array(frames.length * V);
  frames.forEach((spec, t) => {
    const row = new Float64Array(V).fill(-1);
    let used = 0;
    for (const [tok, p] of Object.entries(spec)) {
      const i = tok === 'blank' ? v.blank : v.idOf(tok.replace(/^_/, '\u2581'));
      if (i === undefined) throw new Error(`no token ${tok}`);
      row[i] = p;
      used += p;
    }
    const rest = row.filter((x) => x < 0).length;
    const each = rest > 0 ? Math.max(1 - used, 1e-9) / rest : 0;
    for (let i = 0; i < V; i++)
      data[t * V + i] = Math.log(row[i] === -1 ? each : (row[i] as number));
  });
  return createPosteriors(data, frames.length, V, 0.04);
}

/** Shorthand: a frame where `token` has probability `p` (default 0.9). */
export function emit(token: string, p = 0.9): FrameSpec {
  return { [token]: p };
}

/** Shorthand: a blank frame. */
export const BLANK: FrameSpec = { blank: 0.97 };

/** Posteriors from raw log-prob rows (already normalized by the caller). */
export function fromLogRows(rows: readonly (readonly number[])[], V: number): Posteriors {
  return createPosteriors(Float32Array.from(rows.flat()), rows.length, V, 0.04);
}

/**
 * Exhaustive CTC: the log-probability of every collapsed token sequence, summing all
 * `V^T` alignments (keys are `tokens.join(',')`). Only for tiny matrices.
 */
export function bruteForce(p: Posteriors, blank: number): Map<string, number> {
  const { frames: T, vocabSize: V, logProbs } = p;
  const sums = new Map<string, number>();
  const path = new Array<number>(T).fill(0);
  const visit = (t: number, lp: number): void => {
    if (t === T) {
      const out: number[] = [];
      let prev = -1;
      for (const s of path) {
        if (s !== blank && s !== prev) out.push(s);
        prev = s;
      }
      const key = out.join(',');
      const old = sums.get(key);
      sums.set(key, old === undefined ? lp : logAdd(old, lp));
      return;
    }
    for (let v = 0; v < V; v++) {
      path[t] = v;
      visit(t + 1, lp + (logProbs[t * V + v] as number));
    }
  };
  visit(0, 0);
  return sums;
}

function logAdd(a: number, b: number): number {
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Seeded PRNG (mulberry32), uniform in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normalized log-softmax rows from raw logits. */
export function logSoftmaxRows(logits: readonly (readonly number[])[]): number[][] {
  return logits.map((row) => {
    const m = Math.max(...row);
    const z = Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0)) + m;
    return row.map((x) => x - z);
  });
}
