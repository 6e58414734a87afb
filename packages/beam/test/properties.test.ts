import { createBiasingList, type Posteriors, type TokenScorer, Vocabulary } from '@ctcbias/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BoostState,
  beamSearch,
  compileEntityBooster,
  type EntityMatcher,
  greedyDecode,
} from '../src/index.js';
import { bruteForce, fromLogRows, logSoftmaxRows } from './helpers.js';

const small = new Vocabulary(['<blk>', '\u2581a', '\u2581b', 'c'], 0);
const wide = new Vocabulary(['<blk>', '\u2581a', '\u2581b', 'c', 'd', '\u2581e', 'f'], 0);

/** Random normalized log-posteriors over `v`: T×V logits in [-6, 3], log-softmaxed. */
function matrix(v: Vocabulary, maxFrames: number): fc.Arbitrary<Posteriors> {
  return fc
    .array(
      fc.array(fc.double({ min: -6, max: 3, noNaN: true }), {
        minLength: v.size,
        maxLength: v.size,
      }),
      {
        minLength: 1,
        maxLength: maxFrames,
      },
    )
    .map((rows) => fromLogRows(logSoftmaxRows(rows), v.size));
}

/** A random biasing list over `wide`: entries start with a word-start token. */
const list = fc
  .array(
    fc.tuple(
      fc.constantFrom(1, 2, 5),
      fc.array(fc.constantFrom(1, 2, 3, 4, 5, 6), { maxLength: 3 }),
    ),
    { maxLength: 6 },
  )
  .map((entries) =>
    createBiasingList(
      entries.map(([s, rest], i) => ({ text: `e${i}`, tokenizations: [[s, ...rest]] })),
    ),
  );

/** Frames a collapsed sequence needs: one per token, plus a blank between equal neighbours. */
function framesNeeded(tokens: readonly number[]): number {
  let n = tokens.length;
  for (let i = 1; i < tokens.length; i++) if (tokens[i] === tokens[i - 1]) n++;
  return n;
}

describe('beamSearch properties (fast-check)', () => {
  it('without pruning, every hypothesis is a CTC collapse scored as the sum of its alignments', () => {
    fc.assert(
      fc.property(matrix(small, 5), (p) => {
        const exact = bruteForce(p, small.blank);
        const nbest = beamSearch(p, small, {
          beamWidth: 256,
          candidateLogProbMargin: Infinity,
          beamLogProbMargin: Infinity,
        });
        expect(nbest.length).toBe(exact.size);
        for (const h of nbest) {
          const e = exact.get(h.tokens.join(','));
          expect(e).toBeDefined();
          expect(h.scores.acoustic).toBeCloseTo(e as number, 8);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('with pruning, outputs are valid collapses with well-formed word spans', () => {
    fc.assert(
      fc.property(matrix(wide, 25), fc.integer({ min: 1, max: 8 }), list, (p, beamWidth, l) => {
        const booster = compileEntityBooster(l, wide);
        for (const h of beamSearch(p, wide, { beamWidth, scorers: [booster] })) {
          expect(h.tokens.every((t) => t > 0 && t < wide.size)).toBe(true);
          expect(framesNeeded(h.tokens)).toBeLessThanOrEqual(p.frames);
          let prevEnd = 0;
          for (const w of h.words) {
            expect(w.startFrame).toBeGreaterThanOrEqual(prevEnd);
            expect(w.endFrame).toBeGreaterThan(w.startFrame);
            expect(w.endFrame).toBeLessThanOrEqual(p.frames);
            prevEnd = w.endFrame;
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the best hypothesis scores at least the greedy path', () => {
    fc.assert(
      fc.property(matrix(wide, 25), fc.integer({ min: 2, max: 16 }), (p, beamWidth) => {
        const [best] = beamSearch(p, wide, { beamWidth });
        expect(best?.score).toBeGreaterThanOrEqual(greedyDecode(p, wide).score - 1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(matrix(wide, 20), list, (p, l) => {
        const run = () =>
          beamSearch(p, wide, { beamWidth: 6, scorers: [compileEntityBooster(l, wide)] });
        expect(run()).toEqual(run());
      }),
      { numRuns: 40 },
    );
  });

  it('scores lazily (bounded scorers) with exactly the result of scoring every extension', () => {
    fc.assert(
      fc.property(matrix(wide, 20), list, fc.integer({ min: 1, max: 8 }), (p, l, beamWidth) => {
        const booster = compileEntityBooster(l, wide);
        // The same scorer without `maxStepScore`: the beam must run `step` for every extension.
        const eager: TokenScorer<BoostState> & EntityMatcher = {
          name: booster.name,
          initial: () => booster.initial(),
          step: (s, t, c) => booster.step(s, t, c),
          finish: (s) => booster.finish(s),
          matchEntities: (tokens) => booster.matchEntities(tokens),
        };
        const lazy = beamSearch(p, wide, { beamWidth, scorers: [booster] });
        expect(lazy).toEqual(beamSearch(p, wide, { beamWidth, scorers: [eager] }));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a boost only for confirmed whole-word entries (failed partials give it all back)', () => {
    fc.assert(
      fc.property(matrix(wide, 20), list, (p, l) => {
        const booster = compileEntityBooster(l, wide);
        for (const h of beamSearch(p, wide, { beamWidth: 8, scorers: [booster] })) {
          const boost = h.scores.boost as number;
          expect(boost).toBeGreaterThanOrEqual(-1e-9);
          if (h.words.every((w) => w.entry === undefined)) expect(boost).toBeCloseTo(0, 9);
        }
      }),
      { numRuns: 60 },
    );
  });
});
