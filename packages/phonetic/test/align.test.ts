import { createPosteriors } from '@ctcbias/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alignPhones,
  alignWords,
  ctcLogLikelihood,
  ctcWordsLogLikelihood,
  type WordPronunciations,
} from '../src/index.js';
import { collapse, forEachPath, fromLogits, logSumExp, SYMBOLS, spikes } from './helpers.js';

const SMALL = ['<blk>', 'A', 'B', 'C'];

/** All phone sequences one gets by picking one alternative per word. */
function combinations(words: readonly WordPronunciations[]): string[][] {
  return words.reduce<string[][]>(
    (acc, alts) => acc.flatMap((prefix) => alts.map((a) => [...prefix, ...a])),
    [[]],
  );
}

const smallCase = fc
  .record({
    frames: fc.integer({ min: 0, max: 6 }),
    words: fc.array(
      fc.array(fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 1, maxLength: 3 }), {
        minLength: 1,
        maxLength: 2,
      }),
      { minLength: 0, maxLength: 3 },
    ),
  })
  .chain(({ frames, words }) =>
    fc.record({
      words: fc.constant(words),
      logits: fc.array(
        fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 4, maxLength: 4 }),
        {
          minLength: frames,
          maxLength: frames,
        },
      ),
    }),
  );

describe('alignWords / alignPhones vs brute force over all CTC paths', () => {
  it('finds the best path, its score, and a consistent alignment', () => {
    fc.assert(
      fc.property(smallCase, ({ words, logits }) => {
        const p = fromLogits(logits, 4);
        const targets = new Set(
          combinations(words).map((c) => JSON.stringify(c.map((s) => SMALL.indexOf(s)))),
        );
        let best = Number.NEGATIVE_INFINITY;
        forEachPath(p, (path, lp) => {
          if (targets.has(JSON.stringify(collapse(path))) && lp > best) best = lp;
        });
        const a = alignWords(p, SMALL, words);
        if (best === Number.NEGATIVE_INFINITY) {
          expect(a).toEqual({ words: [], logProb: Number.NEGATIVE_INFINITY });
          return;
        }
        expect(a.logProb).toBeCloseTo(best, 9);
        expect(a.words).toHaveLength(words.length);
        // Rebuild the frame path from the segments: it must realize the chosen pronunciations
        // and score exactly logProb.
        const path = new Array<number>(p.frames).fill(0);
        let prevEnd = 0;
        const chosen: string[] = [];
        a.words.forEach((w, i) => {
          const alt = words[i]?.[w.pronunciation] as readonly string[];
          expect(w.segments.map((s) => s.phone)).toEqual(alt);
          chosen.push(...alt);
          expect(w.startFrame).toBe(w.segments[0]?.startFrame);
          expect(w.endFrame).toBe(w.segments.at(-1)?.endFrame);
          for (const s of w.segments) {
            expect(s.startFrame).toBeGreaterThanOrEqual(prevEnd);
            expect(s.endFrame).toBeGreaterThan(s.startFrame);
            let lp = 0;
            for (let t = s.startFrame; t < s.endFrame; t++) {
              path[t] = SMALL.indexOf(s.phone);
              lp += p.logProbs[t * 4 + (path[t] as number)] as number;
            }
            expect(s.logProb).toBeCloseTo(lp, 9);
            prevEnd = s.endFrame;
          }
        });
        expect(collapse(path)).toEqual(chosen.map((s) => SMALL.indexOf(s)));
        const total = path.reduce((s, c, t) => s + (p.logProbs[t * 4 + c] as number), 0);
        expect(total).toBeCloseTo(a.logProb, 9);
      }),
      { numRuns: 150, seed: 6 },
    );
  });

  it('forward log-likelihood equals the log-sum over all paths of all combinations', () => {
    fc.assert(
      fc.property(smallCase, ({ words, logits }) => {
        const p = fromLogits(logits, 4);
        const perCombo = combinations(words).map((c) => {
          const target = JSON.stringify(c.map((s) => SMALL.indexOf(s)));
          const lps: number[] = [];
          forEachPath(p, (path, lp) => {
            if (JSON.stringify(collapse(path)) === target) lps.push(lp);
          });
          return logSumExp(lps);
        });
        const expected = logSumExp(perCombo);
        const got = ctcWordsLogLikelihood(p, SMALL, words);
        if (expected === Number.NEGATIVE_INFINITY) expect(got).toBe(expected);
        else expect(got).toBeCloseTo(expected, 9);
        if (words.length === 1 && words[0]?.length === 1) {
          expect(ctcLogLikelihood(p, SMALL, words[0][0] as string[])).toBeCloseTo(got, 12);
        }
        // Viterbi never beats the sum.
        expect(alignWords(p, SMALL, words).logProb).toBeLessThanOrEqual(got + 1e-9);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('alignPhones on crafted posteriors', () => {
  it('puts each phone on its spike', () => {
    const p = spikes('_ K K _ EY T _');
    const a = alignPhones(p, SYMBOLS, ['K', 'EY', 'T']);
    expect(a.segments.map((s) => [s.phone, s.startFrame, s.endFrame])).toEqual([
      ['K', 1, 3],
      ['EY', 4, 5],
      ['T', 5, 6],
    ]);
    expect(a.logProb).toBeCloseTo(7 * Math.log(0.9), 5);
  });

  it('needs a blank between repeated phones', () => {
    // "K K" in two frames can only be one K; the sequence K K needs three frames.
    expect(alignPhones(spikes('K K'), SYMBOLS, ['K', 'K']).logProb).toBe(Number.NEGATIVE_INFINITY);
    const a = alignPhones(spikes('K _ K'), SYMBOLS, ['K', 'K']);
    expect(a.segments.map((s) => [s.startFrame, s.endFrame])).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('returns -Infinity, not a crash, when the frames cannot hold the sequence', () => {
    expect(alignPhones(spikes('K EY'), SYMBOLS, ['K', 'EY', 'T'])).toEqual({
      segments: [],
      logProb: Number.NEGATIVE_INFINITY,
    });
    expect(ctcLogLikelihood(spikes('K EY'), SYMBOLS, ['K', 'EY', 'T'])).toBe(
      Number.NEGATIVE_INFINITY,
    );
    const empty = createPosteriors(new Float32Array(0), 0, SYMBOLS.length, 0.04);
    expect(alignPhones(empty, SYMBOLS, ['K']).logProb).toBe(Number.NEGATIVE_INFINITY);
    expect(alignWords(empty, SYMBOLS, [])).toEqual({ words: [], logProb: 0 });
  });

  it('rejects unknown phones, empty pronunciations and mismatched symbol tables', () => {
    const p = spikes('K EY T');
    const bad = (f: () => unknown, msg: RegExp) =>
      expect(f).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(msg) }),
      );
    bad(() => alignPhones(p, SYMBOLS, ['K', 'EY1']), /unknown phone "EY1"/);
    bad(() => alignPhones(p, SYMBOLS, ['K', '<blk>']), /unknown phone "<blk>"/);
    bad(() => alignPhones(p, SYMBOLS, []), /empty pronunciation/);
    bad(() => alignPhones(p, SYMBOLS.slice(1), ['K']), /do not match/);
  });
});

describe('alignWords on crafted posteriors', () => {
  it('gives word boundaries and picks the pronunciation the audio supports', () => {
    // "either kate": AY DH ER  K EY T
    const p = spikes('_ AY DH _ ER _ _ K EY _ T _');
    const a = alignWords(p, SYMBOLS, [
      [
        ['IY', 'DH', 'ER'],
        ['AY', 'DH', 'ER'],
      ],
      [['K', 'EY', 'T']],
    ]);
    expect(a.words.map((w) => [w.pronunciation, w.startFrame, w.endFrame])).toEqual([
      [1, 1, 5],
      [0, 7, 11],
    ]);
    const inner = a.words[0]?.segments.reduce((s, x) => s + x.logProb, 0) ?? 0;
    expect(a.words[0]?.logProb).toBeCloseTo(inner + Math.log(0.9), 5); // + the blank at frame 3
  });

  it('applies the repeated-phone rule across word boundaries', () => {
    // "bus stop": ... S S ... needs a blank between the words' S phones.
    const words = [[['B', 'AH', 'S']], [['S', 'T', 'AA', 'P']]];
    expect(alignWords(spikes('B AH S S T AA P'), SYMBOLS, words).logProb).toBe(
      Number.NEGATIVE_INFINITY,
    );
    const a = alignWords(spikes('B AH S _ S T AA P'), SYMBOLS, words);
    expect(a.words.map((w) => [w.startFrame, w.endFrame])).toEqual([
      [0, 3],
      [4, 8],
    ]);
  });

  it('aligns a word without pronunciation as a free span between its neighbours', () => {
    const p = spikes('K EY T _ Z Z IH _ S M IH TH');
    const a = alignWords(p, SYMBOLS, [[['K', 'EY', 'T']], [], [['S', 'M', 'IH', 'TH']]]);
    const [kate, free, smith] = a.words;
    expect([kate?.startFrame, kate?.endFrame, smith?.startFrame, smith?.endFrame]).toEqual([
      0, 3, 8, 12,
    ]);
    // The free span covers "Z Z IH" (frames 4-6); the blanks beside it are a tie either way.
    expect(free?.pronunciation).toBe(-1);
    expect(free?.startFrame).toBeGreaterThanOrEqual(3);
    expect(free?.startFrame).toBeLessThanOrEqual(4);
    expect(free?.endFrame).toBeGreaterThanOrEqual(7);
    expect(free?.endFrame).toBeLessThanOrEqual(8);
    expect(a.words[1]?.segments).toEqual([]);
    expect(a.logProb).toBeCloseTo(12 * Math.log(0.9), 4);
  });
});
