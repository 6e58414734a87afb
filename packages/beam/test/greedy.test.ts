import { describe, expect, it } from 'vitest';
import { greedyDecode } from '../src/index.js';
import { BLANK, emit, id, posteriors, vocab } from './helpers.js';

describe('greedyDecode', () => {
  it('takes the arg-max per frame, merges repeats and drops blanks', () => {
    const p = posteriors([emit('_ka'), emit('_ka'), BLANK, emit('te'), emit('_ka'), BLANK]);
    const h = greedyDecode(p, vocab);
    expect(h.tokens).toEqual([id('_ka'), id('te'), id('_ka')]);
    expect(h.text).toBe('kate ka');
    expect(h.words).toEqual([
      { text: 'kate', startFrame: 0, endFrame: 4 },
      { text: 'ka', startFrame: 4, endFrame: 5 },
    ]);
  });

  it('scores the single best alignment', () => {
    const p = posteriors([emit('_a', 0.6), BLANK]);
    const h = greedyDecode(p, vocab);
    const expected = (p.logProbs[id('_a')] as number) + (p.logProbs[vocab.size] as number);
    expect(h.score).toBeCloseTo(expected, 12);
    expect(h.scores).toEqual({ acoustic: h.score });
  });
});
