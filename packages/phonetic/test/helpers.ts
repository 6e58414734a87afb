import {
  ARPABET_PHONES,
  createPosteriors,
  type Hypothesis,
  type Posteriors,
  type Pronunciation,
  type PronunciationLexicon,
} from '@ctcbias/core';

/** The default model's phone symbols (blank first). */
export const SYMBOLS: readonly string[] = ['<blk>', ...ARPABET_PHONES];

/**
 * Crafted peaky phone posteriors: one frame per space-separated item, `_` = blank. An item
 * `A` puts `peak` on A; `A/B` splits it between A and B (A gets 60 %). The rest is spread evenly.
 */
export function spikes(spec: string, peak = 0.9, symbols: readonly string[] = SYMBOLS): Posteriors {
  const items = spec.trim() === '' ? [] : spec.trim().split(/\s+/);
  const V = symbols.length;
  const data = new Float32Array(items.length * V);
  items.forEach((item, t) => {
    const row = new Float64Array(V).fill((1 - peak) / (V - 1));
    const names = item.split('/').map((n) => (n === '_' ? '<blk>' : n));
    const cols = names.map((n) => {
      const c = symbols.indexOf(n);
      if (c < 0) throw new Error(`unknown symbol ${n}`);
      return c;
    });
    if (cols.length === 1) row[cols[0] as number] = peak;
    else {
      row.fill((1 - peak) / (V - 2));
      row[cols[0] as number] = peak * 0.6;
      row[cols[1] as number] = peak * 0.4;
    }
    row.forEach((x, v) => {
      data[t * V + v] = Math.log(x);
    });
  });
  return createPosteriors(data, items.length, V, 0.04);
}

/** Log-softmax of a `frames × V` matrix of logits. */
export function fromLogits(logits: readonly (readonly number[])[], V: number): Posteriors {
  const data = new Float32Array(logits.length * V);
  logits.forEach((row, t) => {
    const m = Math.max(...row);
    const z = Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0)) + m;
    row.forEach((x, v) => {
      data[t * V + v] = x - z;
    });
  });
  return createPosteriors(data, logits.length, V, 0.04);
}

/** CTC collapse of a frame path: merge repeats, drop blanks (column 0). */
export function collapse(path: readonly number[]): number[] {
  const out: number[] = [];
  let prev = -1;
  for (const c of path) {
    if (c !== prev && c !== 0) out.push(c);
    prev = c;
  }
  return out;
}

/** Calls `f(path, logProb)` for every one of the V^T frame paths. */
export function forEachPath(p: Posteriors, f: (path: number[], logProb: number) => void): void {
  const path = new Array<number>(p.frames).fill(0);
  const rec = (t: number, lp: number) => {
    if (t === p.frames) {
      f(path, lp);
      return;
    }
    for (let v = 0; v < p.vocabSize; v++) {
      path[t] = v;
      rec(t + 1, lp + (p.logProbs[t * p.vocabSize + v] as number));
    }
  };
  rec(0, 0);
}

export function logSumExp(xs: readonly number[]): number {
  const m = Math.max(...xs);
  if (m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
}

/** A tiny in-memory lexicon: word → pronunciations (space-separated phones), dictionary source. */
export function tinyLexicon(words: Record<string, readonly string[]>): PronunciationLexicon & {
  calls: number;
} {
  const lex = {
    calls: 0,
    pronounce(word: string, n?: number): readonly Pronunciation[] {
      lex.calls++;
      const prons = (words[word] ?? []).map(
        (p): Pronunciation => ({ phones: p.split(' '), score: 0, source: 'dictionary' }),
      );
      return n === undefined ? prons : prons.slice(0, n);
    },
  };
  return lex;
}

/** A hypothesis with one frame-less word span per word (`word#3` sets entry 3). */
export function hyp(text: string, score: number): Hypothesis {
  const words = text.split(' ').map((w, i) => {
    const [t, entry] = w.split('#');
    const span = { text: t as string, startFrame: i, endFrame: i + 1 };
    return entry === undefined ? span : { ...span, entry: Number(entry) };
  });
  return {
    tokens: [],
    text: words.map((w) => w.text).join(' '),
    words,
    score,
    scores: { acoustic: score },
  };
}
