import { createPosteriors, type Hypothesis } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { withConfidences } from '../src/confidence.js';

// 3 tokens (0 = blank); 6 frames
const probs = [
  [0.9, 0.05, 0.05], // blank
  [0.2, 0.7, 0.1], // token 1 (0.7)
  [0.1, 0.9, 0.0], // token 1 (0.9)
  [0.95, 0.03, 0.02], // blank
  [0.6, 0.1, 0.3], // blank wins; best non-blank 0.3
  [0.8, 0.15, 0.05], // blank
];
const posteriors = createPosteriors(
  Float32Array.from(probs.flat().map((p) => Math.log(Math.max(p, 1e-9)))),
  6,
  3,
  0.04,
);
const hyp = (words: Hypothesis['words']): Hypothesis => ({
  tokens: [],
  text: words.map((w) => w.text).join(' '),
  words,
  score: 0,
  scores: {},
});

describe('withConfidences', () => {
  it('averages the best token’s probability over the word’s non-blank frames', () => {
    const [a, b] = withConfidences(
      hyp([
        { text: 'ab', startFrame: 0, endFrame: 3 },
        { text: 'lm-word', startFrame: 3, endFrame: 6, entry: 0 },
      ]),
      posteriors,
      0,
    ).words;
    expect(a?.confidence).toBeCloseTo((0.7 + 0.9) / 2, 6);
    // only blank frames: the largest non-blank probability in the span
    expect(b?.confidence).toBeCloseTo(0.3, 6);
    expect(b?.entry).toBe(0);
  });

  it('clamps spans to the posteriors and gives 0 to an empty span', () => {
    const [w] = withConfidences(
      hyp([{ text: 'x', startFrame: 5, endFrame: 9 }]),
      posteriors,
      0,
    ).words;
    expect(w?.confidence).toBeCloseTo(0.15, 6);
    const [e] = withConfidences(
      hyp([{ text: 'y', startFrame: 7, endFrame: 7 }]),
      posteriors,
      0,
    ).words;
    expect(e?.confidence).toBe(0);
  });
});
