import {
  CtcBiasError,
  type EncoderOutput,
  type PhoneAlignment,
  type PhoneSegment,
  type Posteriors,
} from '@ctcbias/core';
import { compileCtcGraph, FILLER } from './ctc-graph.js';
import { forward, viterbi } from './ctc-search.js';
import { PhoneInventory } from './phone-inventory.js';

/**
 * The alternative pronunciations of one word (phone sequences, stressless ARPAbet). An empty
 * list means "unknown": the word is aligned as a free span (see {@link alignWords}).
 *
 * ```ts
 * const either: WordPronunciations = [['IY', 'DH', 'ER'], ['AY', 'DH', 'ER']];
 * ```
 */
export type WordPronunciations = readonly (readonly string[])[];

/**
 * One word of a {@link WordAlignment}. Frames are half-open `[startFrame, endFrame)`, from the
 * first frame of its first phone to the last frame of its last phone (blank frames around the
 * word are not part of it; blanks between its phones are).
 *
 * ```ts
 * { startFrame: 3, endFrame: 9, pronunciation: 1, logProb: -1.9,
 *   segments: [{ phone: 'AY', startFrame: 3, endFrame: 5, logProb: -0.6 }, …] }
 * ```
 */
export interface AlignedWord {
  readonly startFrame: number;
  readonly endFrame: number;
  /** Index of the chosen alternative in the word's {@link WordPronunciations}; -1 for a free span. */
  readonly pronunciation: number;
  /** The chosen pronunciation's phones; empty for a free span. */
  readonly segments: readonly PhoneSegment[];
  /** Log-prob of the path over `[startFrame, endFrame)` (its phones and inner blanks). */
  readonly logProb: number;
}

/**
 * A forced alignment of a word sequence: one {@link AlignedWord} per input word, in order.
 * `logProb` is the best path's total over all frames (words and blanks); when no path exists
 * (more phones than frames can hold) `logProb` is -Infinity and `words` is empty.
 *
 * ```ts
 * const a = alignWords(phone, symbols, [[['K', 'EY', 'T']], [['S', 'M', 'IH', 'TH']]]);
 * a.words.map((w) => [w.startFrame, w.endFrame]); // e.g. [[2, 7], [9, 16]]
 * ```
 */
export interface WordAlignment {
  readonly words: readonly AlignedWord[];
  readonly logProb: number;
}

/**
 * The phone posteriors and their symbols from an encoder output. Throws
 * `CtcBiasError('UNSUPPORTED')` when the model has no phone head, and `INVALID_ARGUMENT` when the
 * symbol table does not fit the posteriors.
 */
export function requirePhonePosteriors(output: EncoderOutput): {
  phone: Posteriors;
  phoneSymbols: readonly string[];
} {
  const { phone, phoneSymbols } = output;
  if (phone === undefined || phoneSymbols === undefined) {
    throw new CtcBiasError(
      'UNSUPPORTED',
      'phonetic stages need phone posteriors (EncoderOutput.phone and phoneSymbols); this model has no phone head',
    );
  }
  checkShape(phone, phoneSymbols);
  return { phone, phoneSymbols };
}

function checkShape(p: Posteriors, symbols: readonly string[]): PhoneInventory {
  if (symbols.length !== p.vocabSize) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      `phone symbols (${symbols.length}) do not match the posteriors' columns (${p.vocabSize})`,
    );
  }
  return new PhoneInventory(symbols);
}

function encodeWords(
  inventory: PhoneInventory,
  words: readonly WordPronunciations[],
): Int32Array[][] {
  return words.map((alts, w) =>
    alts.map((phones) => {
      if (phones.length === 0) {
        throw new CtcBiasError('INVALID_ARGUMENT', `empty pronunciation for word ${w}`);
      }
      return inventory.encode(phones);
    }),
  );
}

/**
 * CTC forced alignment (Viterbi) of a word sequence against phone posteriors: standard CTC
 * topology (optional blanks everywhere, a blank required between two equal consecutive phones),
 * with the best of each word's alternative pronunciations chosen jointly. A word with no
 * pronunciation (`[]`) is aligned as a free span of at least one frame that scores each frame's
 * best symbol.
 *
 * `symbols[i]` names column i of `p` (index 0 = blank), as `EncoderOutput.phoneSymbols`.
 * Throws `CtcBiasError('INVALID_ARGUMENT')` for a phone not in `symbols`, an empty
 * pronunciation, or a symbol table that does not fit `p`. Never throws for an impossible
 * alignment: that returns `{ words: [], logProb: -Infinity }`.
 *
 * Time and memory are O(frames × states), states ≈ 2 × total phones of all alternatives.
 */
export function alignWords(
  p: Posteriors,
  symbols: readonly string[],
  words: readonly WordPronunciations[],
): WordAlignment {
  const graph = compileCtcGraph(encodeWords(checkShape(p, symbols), words));
  const path = viterbi(graph, p);
  if (path.logProb === Number.NEGATIVE_INFINITY || path.states.length === 0) {
    return { words: [], logProb: path.logProb };
  }
  const starts = new Int32Array(words.length).fill(-1);
  const ends = new Int32Array(words.length);
  const alts = new Int32Array(words.length).fill(-1);
  const segments: PhoneSegment[][] = words.map(() => []);
  let open: { phone: string; startFrame: number; logProb: number; word: number } | undefined;
  let openState = -1;
  const close = (endFrame: number) => {
    if (open !== undefined && open.phone !== '') {
      (segments[open.word] as PhoneSegment[]).push({
        phone: open.phone,
        startFrame: open.startFrame,
        endFrame,
        logProb: open.logProb,
      });
    }
    open = undefined;
    openState = -1;
  };
  for (let t = 0; t < path.states.length; t++) {
    const s = path.states[t] as number;
    const lab = graph.label[s] as number;
    const e = path.emissions[t] as number;
    if (lab === 0) {
      close(t);
      continue;
    }
    const w = graph.word[s] as number;
    if (starts[w] === -1) starts[w] = t;
    ends[w] = t + 1;
    alts[w] = graph.alternative[s] as number;
    if (s === openState && open !== undefined) {
      open.logProb += e;
    } else {
      close(t);
      open = {
        phone: lab === FILLER ? '' : (symbols[lab] as string),
        startFrame: t,
        logProb: e,
        word: w,
      };
      openState = s;
    }
  }
  close(path.states.length);
  const prefix = new Float64Array(path.emissions.length + 1);
  path.emissions.forEach((e, t) => {
    prefix[t + 1] = (prefix[t] as number) + e;
  });
  return {
    words: words.map((_, w) => {
      const startFrame = starts[w] as number;
      const endFrame = ends[w] as number;
      return {
        startFrame,
        endFrame,
        pronunciation: alts[w] as number,
        segments: segments[w] as PhoneSegment[],
        logProb: (prefix[endFrame] as number) - (prefix[startFrame] as number),
      };
    }),
    logProb: path.logProb,
  };
}

/**
 * CTC forced alignment (Viterbi) of one phone sequence → `PhoneAlignment` with per-phone frames
 * and log-probs; `logProb` is the best path's total (phones plus blank frames). An impossible
 * alignment (a sequence the frames cannot hold: n phones need n frames plus one per adjacent
 * equal pair) returns `{ segments: [], logProb: -Infinity }`.
 *
 * ```ts
 * const symbols = ['<blk>', 'EY', 'K', 'T'];
 * // frames: K, K, blank, EY, T   (each ~0.9 on that symbol)
 * alignPhones(phone, symbols, ['K', 'EY', 'T']);
 * // → segments K [0,2), EY [3,4), T [4,5); logProb ≈ 5 × log 0.9
 * ```
 */
export function alignPhones(
  p: Posteriors,
  symbols: readonly string[],
  phones: readonly string[],
): PhoneAlignment {
  const a = alignWords(p, symbols, [[phones]]);
  return { segments: a.words.flatMap((w) => w.segments), logProb: a.logProb };
}

/**
 * The full CTC log-likelihood log P(phones | p) by the forward algorithm (log-sum-exp over every
 * path that collapses to `phones`). -Infinity when impossible. Same validation as
 * {@link alignPhones}.
 */
export function ctcLogLikelihood(
  p: Posteriors,
  symbols: readonly string[],
  phones: readonly string[],
): number {
  return ctcWordsLogLikelihood(p, symbols, [[phones]]);
}

/**
 * Forward log-likelihood of a word sequence with alternative pronunciations: log of the sum over
 * every path of every combination of alternatives (so two alternatives that both fit add up).
 * A word with no pronunciation is a free span, as in {@link alignWords}.
 */
export function ctcWordsLogLikelihood(
  p: Posteriors,
  symbols: readonly string[],
  words: readonly WordPronunciations[],
): number {
  return forward(compileCtcGraph(encodeWords(checkShape(p, symbols), words)), p);
}
