import { createPosteriors, type Posteriors, Vocabulary } from '@ctcbias/core';
import { rng } from './helpers.js';

/**
 * A synthetic SentencePiece-like vocabulary: blank, `words` word-start pieces `▁w0…` and
 * `pieces` continuation pieces `p0…`.
 */
export function syntheticVocab(words: number, pieces: number): Vocabulary {
  const tokens = ['<blk>'];
  for (let i = 0; i < words; i++) tokens.push(`\u2581w${i}`);
  for (let i = 0; i < pieces; i++) tokens.push(`p${i}`);
  return new Vocabulary(tokens, 0);
}

/** A random word: one word-start piece and 0…`maxPieces` continuation pieces. */
export function randomWord(vocab: Vocabulary, rand: () => number, maxPieces = 2): number[] {
  const starts: number[] = [];
  const conts: number[] = [];
  for (let i = 0; i < vocab.size; i++) {
    if (i === vocab.blank) continue;
    (vocab.isWordStart(i) ? starts : conts).push(i);
  }
  const word = [starts[Math.floor(rand() * starts.length)] as number];
  const n = Math.floor(rand() * (maxPieces + 1));
  for (let k = 0; k < n; k++) word.push(conts[Math.floor(rand() * conts.length)] as number);
  return word;
}

/** Settings of {@link peakyPosteriors}. */
export interface PeakyOptions {
  /** Blank frames before each token: uniform in [min, max]. Default [1, 4]. */
  readonly gapFrames?: readonly [number, number];
  /** Frames each token is emitted: uniform in [min, max]. Default [1, 2]. */
  readonly emitFrames?: readonly [number, number];
  /** Competitors per emission frame. Default 2. */
  readonly competitors?: number;
  /** How far (nats) below the spoken token each competitor's logit is: [min, max]. Default [2, 5]. */
  readonly competitorGap?: readonly [number, number];
  /** Logits of all other symbols, relative to the frame's top: [min, max]. Default [-16, -8]. */
  readonly noise?: readonly [number, number];
}

/**
 * Realistic-looking CTC output for a spoken token sequence: mostly blank frames (blank logit 0,
 * everything else `noise`), each token emitted for a frame or two (its logit 0, blank at -3,
 * a few random competitors `competitorGap` below), then log-softmax per frame. Seeded.
 */
export function peakyPosteriors(
  spoken: readonly number[],
  vocab: Vocabulary,
  seed: number,
  options: PeakyOptions = {},
): Posteriors {
  const rand = rng(seed);
  const V = vocab.size;
  const uni = ([a, b]: readonly [number, number]) => a + rand() * (b - a);
  const int = ([a, b]: readonly [number, number]) => a + Math.floor(rand() * (b - a + 1));
  const gapFrames = options.gapFrames ?? [1, 4];
  const emitFrames = options.emitFrames ?? [1, 2];
  const competitors = options.competitors ?? 2;
  const competitorGap = options.competitorGap ?? [2, 5];
  const noise = options.noise ?? [-16, -8];
  const rows: Float64Array[] = [];
  const noiseRow = () => {
    const row = new Float64Array(V);
    for (let v = 0; v < V; v++) row[v] = uni(noise);
    return row;
  };
  const blankRow = () => {
    const row = noiseRow();
    row[vocab.blank] = 0;
    return row;
  };
  for (const tok of spoken) {
    for (let k = int(gapFrames); k > 0; k--) rows.push(blankRow());
    for (let k = int(emitFrames); k > 0; k--) {
      const row = noiseRow();
      row[vocab.blank] = -3;
      for (let c = 0; c < competitors; c++) {
        let other = Math.floor(rand() * V);
        if (other === tok) other = (other + 1) % V;
        if (other !== vocab.blank) row[other] = -uni(competitorGap);
      }
      row[tok] = 0;
      rows.push(row);
    }
  }
  for (let k = int(gapFrames); k > 0; k--) rows.push(blankRow());
  const data = new Float32Array(rows.length * V);
  rows.forEach((row, t) => {
    let m = Number.NEGATIVE_INFINITY;
    for (const x of row) m = Math.max(m, x);
    let z = 0;
    for (const x of row) z += Math.exp(x - m);
    const lz = m + Math.log(z);
    for (let v = 0; v < V; v++) data[t * V + v] = (row[v] as number) - lz;
  });
  return createPosteriors(data, rows.length, V, 0.04);
}
