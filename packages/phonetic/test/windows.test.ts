import { describe, expect, it } from 'vitest';
import {
  alignWords,
  alignWordsInWindows,
  ctcWordsLogLikelihood,
  ctcWordsLogLikelihoodInWindows,
  planWindows,
  type WordPronunciations,
} from '../src/index.js';
import { SYMBOLS, spikes } from './helpers.js';

const f = (startFrame: number, endFrame: number) => ({ startFrame, endFrame });

describe('planWindows', () => {
  it('cuts halfway between words, keeps words whole, runs to the end', () => {
    expect(planWindows([f(0, 10), f(12, 20), f(30, 40), f(41, 50)], 100, 30)).toEqual([
      { from: 0, to: 25, firstWord: 0, endWord: 2 },
      { from: 25, to: 100, firstWord: 2, endWord: 4 },
    ]);
    // everything fits: one window; no words: one window
    expect(planWindows([f(0, 10), f(12, 20)], 30, 30)).toEqual([
      { from: 0, to: 30, firstWord: 0, endWord: 2 },
    ]);
    expect(planWindows([], 7, 3)).toEqual([{ from: 0, to: 7, firstWord: 0, endWord: 0 }]);
    // a word longer than a window gets one of its own
    expect(planWindows([f(0, 5), f(6, 40), f(41, 45)], 50, 10)).toEqual([
      { from: 0, to: 5, firstWord: 0, endWord: 1 },
      { from: 5, to: 40, firstWord: 1, endWord: 2 },
      { from: 40, to: 50, firstWord: 2, endWord: 3 },
    ]);
  });
});

describe('alignment in windows', () => {
  // 40 words "K EY T" / "M AE T", each 3 phone frames and 4 blanks
  const n = 40;
  const spec = Array.from({ length: n }, (_, i) => (i % 2 ? 'M AE T _ _ _ _' : 'K EY T _ _ _ _'));
  const p = spikes(`_ _ ${spec.join(' ')}`);
  const words: WordPronunciations[] = Array.from({ length: n }, (_, i) =>
    i % 2
      ? [['M', 'AE', 'T']]
      : [
          ['K', 'EY', 'T'],
          ['K', 'AE', 'T'],
        ],
  );
  const timings = words.map((_, i) => f(2 + 7 * i, 5 + 7 * i));

  it('gives the whole-utterance alignment when the cuts fall in the gaps', () => {
    const whole = alignWords(p, SYMBOLS, words);
    const windowed = alignWordsInWindows(p, SYMBOLS, words, timings, 30);
    expect(windowed.logProb).toBeCloseTo(whole.logProb, 6);
    expect(windowed.words).toEqual(whole.words);
    expect(windowed.words[39]).toMatchObject({ startFrame: 275, endFrame: 278, pronunciation: 0 });
    expect(ctcWordsLogLikelihoodInWindows(p, SYMBOLS, words, timings, 30)).toBeLessThanOrEqual(
      ctcWordsLogLikelihood(p, SYMBOLS, words) + 1e-9,
    );
  });

  it('is alignWords itself when everything fits one window or there are no times', () => {
    expect(alignWordsInWindows(p, SYMBOLS, words, timings)).toEqual(alignWords(p, SYMBOLS, words));
    expect(alignWordsInWindows(p, SYMBOLS, words, [], 30)).toEqual(alignWords(p, SYMBOLS, words));
  });

  it('has no path when one window cannot hold its words', () => {
    // the second word's window is frames 7-14: too few for 9 phones
    const big: WordPronunciations = [['K', 'EY', 'T', 'M', 'AE', 'T', 'K', 'EY', 'T']];
    const tooMany = [words[0] as WordPronunciations, big, ...words.slice(2)];
    expect(planWindows(timings, p.frames, 10)[1]).toMatchObject({ from: 7, to: 14 });
    expect(alignWordsInWindows(p, SYMBOLS, tooMany, timings, 10)).toEqual({
      words: [],
      logProb: Number.NEGATIVE_INFINITY,
    });
  });

  it('aligns an hour of frames without allocating frames × states at once', {
    timeout: 120_000,
  }, () => {
    // 90,000 frames (1 h at 40 ms) and 9,000 words: one pass would need 90,000 × 54,001 states
    const words9k: WordPronunciations[] = Array.from({ length: 9000 }, () => [['K', 'EY', 'T']]);
    const hour = spikes(Array.from({ length: 9000 }, () => 'K EY T _ _ _ _ _ _ _').join(' '));
    const t = words9k.map((_, i) => f(10 * i, 10 * i + 3));
    const a = alignWordsInWindows(hour, SYMBOLS, words9k, t);
    expect(a.words).toHaveLength(9000);
    expect(a.words[8999]).toMatchObject({ startFrame: 89990, endFrame: 89993 });
  });
});
