import {
  createBiasingList,
  createPosteriors,
  type EncoderOutput,
  type Hypothesis,
  type WordSpan,
} from '@ctcbias/core';
import { accept } from '../src/acceptance.js';

/**
 * Fixtures for the acceptance rule: "call kate now" heard as "call cate now", with phone
 * posteriors that say K EY T over the middle word (shared with the CLI's sweep test).
 */
export const SYMBOLS = ['<blk>', 'K', 'EY', 'T', 'M', 'AE', 'N', 'AW'];

/** Phone posteriors where each frame says one symbol with probability 0.9. */
export function phones(frames: readonly string[]) {
  const V = SYMBOLS.length;
  const lp = new Float32Array(frames.length * V).fill(Math.log(0.1 / (V - 1)));
  frames.forEach((s, t) => {
    lp[t * V + SYMBOLS.indexOf(s)] = Math.log(0.9);
  });
  return createPosteriors(lp, frames.length, V, 0.04);
}

// "call kate now": frames 0-3 call (free), 4-10 K EY T, 11-14 now
export const PHONE = phones([
  '<blk>',
  '<blk>',
  '<blk>',
  '<blk>',
  'K',
  'K',
  '<blk>',
  'EY',
  'EY',
  'T',
  '<blk>',
  'N',
  'AW',
  'AW',
  '<blk>',
]);
export const OUTPUT: EncoderOutput = {
  subword: createPosteriors(new Float32Array(15 * 2), 15, 2, 0.04),
  phone: PHONE,
  phoneSymbols: SYMBOLS,
};
export const LIST = createBiasingList([
  { text: 'kate', pronunciations: [['K', 'EY', 'T']] },
  { text: 'matt', pronunciations: [['M', 'AE', 'T']] },
]);
export const PARAMS = { threshold: 1, margin: 0, minPhones: 0, padFrames: 2 };

export function hyp(words: readonly [string, number, number, number?][]): Hypothesis {
  const spans: WordSpan[] = words.map(([text, startFrame, endFrame, entry]) =>
    entry === undefined ? { text, startFrame, endFrame } : { text, startFrame, endFrame, entry },
  );
  return {
    tokens: [],
    text: spans.map((w) => w.text).join(' '),
    words: spans,
    score: 0,
    scores: {},
  };
}
export const UNBIASED = hyp([
  ['call', 0, 4],
  ['cate', 4, 10],
  ['now', 11, 14],
]);
export const OFF = {
  threshold: Number.POSITIVE_INFINITY,
  margin: Number.NEGATIVE_INFINITY,
  minPhones: 0,
  padFrames: 2,
};

/** accept() on the fixtures above, with any input overridden. */
export function run(biased: Hypothesis, over: Partial<Parameters<typeof accept>[0]> = {}) {
  return accept({
    biased,
    unbiased: UNBIASED,
    output: OUTPUT,
    list: LIST,
    steps: [{ step: 'beam', text: biased.text }],
    params: PARAMS,
    ...over,
  });
}
