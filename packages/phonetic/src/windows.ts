import { type Posteriors, slicePosteriors, type WordSpan } from '@ctcbias/core';
import {
  type AlignedWord,
  alignWords,
  ctcWordsLogLikelihood,
  type WordAlignment,
  type WordPronunciations,
} from './align.js';

/** Frames `[startFrame, endFrame)` a word was decoded at. */
export type WordFrames = Pick<WordSpan, 'startFrame' | 'endFrame'>;

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
  const parts = inWindows(p, words, timings, maxFrames, (q, ws) => alignWords(q, symbols, ws));
  if (parts.length === 1) return (parts[0] as { result: WordAlignment }).result;
  const aligned: AlignedWord[] = [];
  let logProb = 0;
  for (const { from, result } of parts) {
    if (result.logProb === Number.NEGATIVE_INFINITY) return { words: [], logProb: result.logProb };
    logProb += result.logProb;
    for (const x of result.words) aligned.push(shift(x, from));
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
  return inWindows(p, words, timings, maxFrames, (q, ws) =>
    ctcWordsLogLikelihood(q, symbols, ws),
  ).reduce((sum, part) => sum + part.result, 0);
}

/**
 * `f` on each window's frames and words; one call on everything when it fits one window or the
 * words have no times.
 */
function inWindows<R>(
  p: Posteriors,
  words: readonly WordPronunciations[],
  timings: readonly WordFrames[],
  maxFrames: number,
  f: (p: Posteriors, words: readonly WordPronunciations[]) => R,
): { from: number; result: R }[] {
  if (p.frames <= maxFrames || timings.length !== words.length) {
    return [{ from: 0, result: f(p, words) }];
  }
  return planWindows(timings, p.frames, maxFrames).map((w) => ({
    from: w.from,
    result: f(slicePosteriors(p, w.from, w.to), words.slice(w.firstWord, w.endWord)),
  }));
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
