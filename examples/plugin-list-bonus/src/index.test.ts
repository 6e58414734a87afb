import type { BiasingList, TokenStepContext } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { createListBonus } from './index.js';

// Tokens: 5 ▁ka, 6 te, 7 ▁smith, 9 ▁the (word starts: 5, 7, 9).
const WORD_START = new Set([5, 7, 9]);
const list: BiasingList = {
  entries: [
    { text: 'kate', weight: 1, variants: [], tokenizations: [[5, 6]], pronunciations: [] },
    { text: 'smith', weight: 2, variants: [], tokenizations: [[7]], pronunciations: [] },
  ],
};

/** Total score of a token sequence, as the beam would add it up. */
function total(tokens: number[], bonus = 1): number {
  const scorer = createListBonus(list, { bonus });
  let state = scorer.initial();
  let sum = 0;
  for (const token of tokens) {
    const ctx: TokenStepContext = {
      frame: 0,
      tokenLogProb: -1,
      topLogProb: -1,
      wordStart: WORD_START.has(token),
    };
    const step = scorer.step(state, token, ctx);
    state = step.state;
    sum += step.score;
  }
  return sum + scorer.finish(state);
}

describe('createListBonus', () => {
  it('keeps the bonus of a whole entry', () => {
    expect(total([5, 6])).toBe(2);
    expect(total([5, 6, 9])).toBe(2);
    expect(total([9, 7], 0.5)).toBe(1); // weight 2 × bonus 0.5
  });

  it('gives back the bonus of a broken or unfinished match', () => {
    expect(total([5, 9])).toBe(0);
    expect(total([5])).toBe(0);
    expect(total([9, 9])).toBe(0);
  });

  it('does not mutate shared states', () => {
    const scorer = createListBonus(list);
    const s0 = scorer.initial();
    const ctx = { frame: 0, tokenLogProb: 0, topLogProb: 0, wordStart: true };
    scorer.step(s0, 5, ctx);
    expect(scorer.step(s0, 7, ctx)).toEqual({ state: { node: 3, gained: 2 }, score: 2 });
  });
});
