import { type Posteriors, slicePosteriors } from '@ctcbias/core';
import {
  type AlignedWord,
  alignWords,
  ctcWordsLogLikelihood,
  type WordAlignment,
  type WordPronunciations,
} from './align.js';

/** Frames `[startFrame, endFrame)` a word was decoded at (a `WordSpan`'s). */
export interface WordFrames {
  readonly startFrame: number;
  readonly endFrame: number;
}

/**
 * Longest window the windowed alignments give one Viterbi / forward pass: 1,500 frames (60 s at
 * 40 ms). A pass costs frames × states in time and (Viterbi) in memory, so over a whole hour
 * (90,000 frames, ~80,000 states) it would need gigabytes; over windows it is linear in length.
 */
export const DEFAULT_WINDOW_FRAMES = 1500;

/** One window of {@link planWindows}: frames `[from, to)` and words `[firstWord, endWord)`. */
export interface AlignmentWindow {
  readonly from: number;
  readonly to: number;
  readonly firstWord: number;
  readonly endWord: number;
}

/**
 * Cuts `[0, frames)` into windows of at most `maxFrames` frames (where the words allow it), each
 * holding whole words: a cut falls halfway between one word's end and the next word's start.
 * A single word longer than `maxFrames` gets a window of its own. Without words, one window.
 *
 * ```ts
 * // words at 0-10, 12-20, 30-40, 41-50; 100 frames; windows of at most 30 frames
 * planWindows([{startFrame:0,endFrame:10},{startFrame:12,endFrame:20},{startFrame:30,endFrame:40},
 *   {startFrame:41,endFrame:50}], 100, 30);
 * // [{from:0,to:25,firstWord:0,endWord:2}, {from:25,to:100,firstWord:2,endWord:4}]
 * ```
 * (The last window runs to the end of the audio: the frames after the last word belong to it.)
 */
export function planWindows(
  words: readonly WordFrames[],
  frames: number,
  maxFrames: number = DEFAULT_WINDOW_FRAMES,
): AlignmentWindow[] {
  if (words.length === 0) return [{ from: 0, to: frames, firstWord: 0, endWord: 0 }];
  const out: AlignmentWindow[] = [];
  let from = 0;
  let firstWord = 0;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as WordFrames;
    if (w.endFrame - from <= maxFrames) continue;
    const prevEnd = (words[i - 1] as WordFrames).endFrame;
    const cut = Math.max(
      from + 1,
      Math.min(w.startFrame, Math.floor((prevEnd + w.startFrame) / 2)),
    );
    if (cut >= frames) break;
    out.push({ from, to: cut, firstWord, endWord: i });
    from = cut;
    firstWord = i;
  }
  out.push({ from, to: frames, firstWord, endWord: words.length });
  return out;
}

/**
 * {@link alignWords} over bounded windows ({@link planWindows} on the words' decoded frames):
 * each window's words are aligned to its frames alone, and the log-probabilities add up. The
 * same as `alignWords` when everything fits one window; otherwise the best path constrained to
 * those cut points (cuts lie in the gaps between words, where the best path rarely crosses).
 * Any window without a path makes the whole `{ words: [], logProb: -Infinity }`.
 */
export function alignWordsInWindows(
  p: Posteriors,
  symbols: readonly string[],
  words: readonly WordPronunciations[],
  timings: readonly WordFrames[],
  maxFrames: number = DEFAULT_WINDOW_FRAMES,
): WordAlignment {
  if (p.frames <= maxFrames || timings.length !== words.length) {
    return alignWords(p, symbols, words);
  }
  const aligned: AlignedWord[] = [];
  let logProb = 0;
  for (const w of planWindows(timings, p.frames, maxFrames)) {
    const a = alignWords(
      slicePosteriors(p, w.from, w.to),
      symbols,
      words.slice(w.firstWord, w.endWord),
    );
    if (a.logProb === Number.NEGATIVE_INFINITY) return { words: [], logProb: a.logProb };
    logProb += a.logProb;
    for (const x of a.words) aligned.push(shift(x, w.from));
  }
  return { words: aligned, logProb };
}

/** {@link ctcWordsLogLikelihood} over the windows of {@link planWindows} (log-likelihoods add). */
export function ctcWordsLogLikelihoodInWindows(
  p: Posteriors,
  symbols: readonly string[],
  words: readonly WordPronunciations[],
  timings: readonly WordFrames[],
  maxFrames: number = DEFAULT_WINDOW_FRAMES,
): number {
  if (p.frames <= maxFrames || timings.length !== words.length) {
    return ctcWordsLogLikelihood(p, symbols, words);
  }
  let total = 0;
  for (const w of planWindows(timings, p.frames, maxFrames)) {
    total += ctcWordsLogLikelihood(
      slicePosteriors(p, w.from, w.to),
      symbols,
      words.slice(w.firstWord, w.endWord),
    );
  }
  return total;
}

function shift(w: AlignedWord, by: number): AlignedWord {
  return {
    ...w,
    startFrame: w.startFrame + by,
    endFrame: w.endFrame + by,
    segments: w.segments.map((s) => ({
      ...s,
      startFrame: s.startFrame + by,
      endFrame: s.endFrame + by,
    })),
  };
}
