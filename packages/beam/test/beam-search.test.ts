import { isCtcBiasError, type TokenScorer, type TokenStepContext, Vocabulary } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { beamSearch, greedyDecode } from '../src/index.js';
import { BLANK, bruteForce, emit, fromLogRows, id, posteriors, vocab } from './helpers.js';

describe('beamSearch: CTC semantics', () => {
  it('merges a repeated token but keeps a token repeated across a blank', () => {
    const merged = beamSearch(posteriors([emit('_a'), emit('_a'), BLANK]), vocab);
    expect(merged[0]?.tokens).toEqual([id('_a')]);
    const twice = beamSearch(posteriors([emit('_a'), BLANK, emit('_a')]), vocab);
    expect(twice[0]?.tokens).toEqual([id('_a'), id('_a')]);
    expect(twice[0]?.text).toBe('a a');
  });

  it('scores every prefix as the sum over its alignments (no pruning)', () => {
    const v = new Vocabulary(['<blk>', '\u2581a', 'b'], 0);
    const rows = [
      [-0.5, -1.5, -1.8],
      [-1.2, -0.7, -1.5],
      [-0.9, -1.4, -1.0],
      [-1.1, -1.1, -1.1],
    ].map((r) => {
      const z = Math.log(r.reduce((s, x) => s + Math.exp(x), 0));
      return r.map((x) => x - z);
    });
    const p = fromLogRows(rows, 3);
    const exact = bruteForce(p, 0);
    const nbest = beamSearch(p, v, {
      beamWidth: 64,
      candidateLogProbMargin: Infinity,
      beamLogProbMargin: Infinity,
    });
    expect(nbest.length).toBe(exact.size);
    for (const h of nbest) {
      expect(h.scores.acoustic).toBeCloseTo(exact.get(h.tokens.join(',')) as number, 9);
      expect(h.score).toBe(h.scores.acoustic);
    }
    const ranked = [...exact.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    expect(nbest.map((h) => h.tokens.join(','))).toEqual(ranked);
  });

  it('gives the same result whatever was decoded before (buffers are reused between calls)', () => {
    const p = posteriors([BLANK, { _ka: 0.5, _a: 0.45 }, BLANK, { te: 0.6, de: 0.35 }, BLANK]);
    const first = beamSearch(p, vocab, { beamWidth: 2 });
    const other = posteriors(
      Array.from({ length: 30 }, (_, t) => (t % 2 ? BLANK : emit('_is', 0.5))),
    );
    const byId: TokenScorer<null> = {
      name: 'id',
      initial: () => null,
      step: (s, token) => ({ state: s, score: (token * 7919) % 13 }),
      finish: () => 0,
    };
    beamSearch(other, vocab, { beamWidth: 32, scorers: [byId], candidateLogProbMargin: Infinity });
    expect(beamSearch(p, vocab, { beamWidth: 2 })).toEqual(first);
  });

  it('returns the empty hypothesis for all-blank input and for zero frames', () => {
    const [h] = beamSearch(posteriors([BLANK, BLANK]), vocab);
    expect(h?.text).toBe('');
    expect(h?.words).toEqual([]);
    const [z] = beamSearch(posteriors([]), vocab);
    expect(z).toMatchObject({ tokens: [], text: '', score: 0 });
  });
});

describe('beamSearch: word frame spans', () => {
  it('starts a word at its ▁ token and ends it after its last token', () => {
    // frames: 0 blank, 1-2 ▁ka, 3 blank, 4 te, 5-6 blank, 7 ▁is, 8 blank
    const p = posteriors([
      BLANK,
      emit('_ka'),
      emit('_ka'),
      BLANK,
      emit('te'),
      BLANK,
      BLANK,
      emit('_is'),
      BLANK,
    ]);
    const [h] = beamSearch(p, vocab);
    expect(h?.words).toEqual([
      { text: 'kate', startFrame: 1, endFrame: 5 },
      { text: 'is', startFrame: 7, endFrame: 8 },
    ]);
    expect(greedyDecode(p, vocab).words).toEqual(h?.words);
  });

  it('places a token at its peak, not at the frame where it first became a candidate', () => {
    // ▁ka is faintly visible at frame 1 (rising edge) and peaks at frame 2.
    const p = posteriors([BLANK, { _ka: 0.01, blank: 0.98 }, emit('_ka', 0.95), BLANK]);
    const [h] = beamSearch(p, vocab);
    expect(h?.words).toEqual([{ text: 'ka', startFrame: 2, endFrame: 3 }]);
  });
});

describe('beamSearch: pruning', () => {
  const p = posteriors([BLANK, { _ka: 0.5, _a: 0.45 }, BLANK, { te: 0.6, de: 0.35 }, BLANK]);

  it('keeps at most beamWidth prefixes and nBest hypotheses', () => {
    expect(beamSearch(p, vocab, { beamWidth: 3 }).length).toBeLessThanOrEqual(3);
    expect(beamSearch(p, vocab, { beamWidth: 8, nBest: 2 }).length).toBe(2);
  });

  it('beam width 1 with one candidate per frame is best-path decoding here', () => {
    const [h] = beamSearch(p, vocab, { beamWidth: 1, candidatesPerFrame: 1 });
    expect(h?.tokens).toEqual(greedyDecode(p, vocab).tokens);
  });

  it('drops candidates below the frame maximum minus the margin', () => {
    const wide = beamSearch(p, vocab, { beamWidth: 16 });
    const narrow = beamSearch(p, vocab, { beamWidth: 16, candidateLogProbMargin: 0.2 });
    expect(wide.some((h) => h.text === 'ade')).toBe(true);
    // Within 0.2 nats of the best: ▁ka and ▁a (0.5 vs 0.45), te only (0.6 vs 0.35).
    expect(narrow.map((h) => h.text).sort()).toEqual(['', 'a', 'ate', 'ka', 'kate', 'te']);
  });

  it('blank skipping gives the same text on peaky input, and can lose a faint token', () => {
    const peaky = posteriors([
      { blank: 0.9995 },
      emit('_ka', 0.95),
      { blank: 0.9995 },
      emit('te', 0.95),
      { blank: 0.9995 },
    ]);
    const normal = beamSearch(peaky, vocab);
    const skipped = beamSearch(peaky, vocab, { blankSkipThreshold: 0.999 });
    expect(skipped[0]?.text).toBe(normal[0]?.text);
    expect(skipped[0]?.scores.acoustic).toBeLessThanOrEqual(normal[0]?.scores.acoustic as number);
    // A token smeared over frames that are each mostly blank: summed over its 15 possible
    // emission frames it beats the empty transcript, but an aggressive threshold skips them all.
    const smeared = posteriors(Array.from({ length: 15 }, () => ({ blank: 0.92, _is: 0.07 })));
    expect(beamSearch(smeared, vocab)[0]?.text).toBe('is');
    expect(beamSearch(smeared, vocab, { blankSkipThreshold: 0.9 })[0]?.text).toBe('');
  });

  it('rejects bad options and mismatched shapes', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isCtcBiasError(e, 'INVALID_ARGUMENT');
      }
      return false;
    };
    expect(bad(() => beamSearch(p, vocab, { beamWidth: 0 }))).toBe(true);
    expect(bad(() => beamSearch(p, vocab, { candidateLogProbMargin: -1 }))).toBe(true);
    expect(bad(() => beamSearch(p, vocab, { blankSkipThreshold: 1.5 }))).toBe(true);
    expect(bad(() => beamSearch(p, new Vocabulary(['<blk>', 'x'], 0)))).toBe(true);
    const s = counter('acoustic');
    expect(bad(() => beamSearch(p, vocab, { scorers: [s] }))).toBe(true);
    expect(bad(() => beamSearch(p, vocab, { scorers: [counter('c'), counter('c')] }))).toBe(true);
  });
});

/** A scorer charging `cost` per token; its state counts tokens and `finish` reports -count/10. */
function counter(
  name: string,
  cost = -0.25,
): TokenScorer<number> & { contexts: TokenStepContext[] } {
  const contexts: TokenStepContext[] = [];
  return {
    name,
    contexts,
    initial: () => 0,
    step(state, _token, ctx) {
      contexts.push({ ...ctx });
      return { state: state + 1, score: cost };
    },
    finish: (state) => -state / 10,
  };
}

describe('beamSearch: token scorers', () => {
  const p = posteriors([BLANK, emit('_ka'), BLANK, emit('te'), BLANK, emit('_is'), BLANK]);

  it('adds each scorer under its name, with per-prefix state and finish', () => {
    const s = counter('len');
    const [h] = beamSearch(p, vocab, { scorers: [s] });
    expect(h?.tokens.length).toBe(3);
    expect(h?.scores.len).toBeCloseTo(3 * -0.25 - 0.3, 12);
    expect(h?.score).toBeCloseTo((h?.scores.acoustic as number) + (h?.scores.len as number), 12);
  });

  it('tells the scorer the frame, log-probs and word starts of its chosen emission', () => {
    const s = counter('len', 0);
    beamSearch(p, vocab, { scorers: [s], beamWidth: 1, candidateLogProbMargin: 3 });
    const kaLp = p.logProbs[1 * vocab.size + id('_ka')] as number;
    expect(s.contexts[0]).toEqual({
      frame: 1,
      tokenLogProb: kaLp,
      topLogProb: kaLp,
      wordStart: true,
    });
    expect(s.contexts.map((c) => [c.frame, c.wordStart])).toEqual([
      [1, true],
      [3, false],
      [5, true],
    ]);
  });

  it('lets a scorer change the ranking', () => {
    // ▁ka te vs ▁ka de, te slightly behind; a scorer that rewards "te" flips it.
    const q = posteriors([BLANK, emit('_ka'), BLANK, { de: 0.5, te: 0.4 }, BLANK]);
    const likesTe: TokenScorer<null> = {
      name: 'te',
      initial: () => null,
      step: (s, token) => ({ state: s, score: token === id('te') ? 1 : 0 }),
      finish: () => 0,
    };
    expect(beamSearch(q, vocab)[0]?.text).toBe('kade');
    expect(beamSearch(q, vocab, { scorers: [likesTe] })[0]?.text).toBe('kate');
  });
});
