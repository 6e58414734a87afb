import { readFileSync } from 'node:fs';
import {
  isCtcBiasError,
  type LanguageModel,
  type TokenStepContext,
  Vocabulary,
} from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { parseArpa } from './arpa-reader.js';
import { ShallowFusionScorer } from './shallow-fusion.js';

const lm = parseArpa(
  readFileSync(new URL('../test/fixtures/small.arpa', import.meta.url), 'utf8'),
  'small.arpa',
);
const vocabulary = new Vocabulary(
  ['<blk>', '<unk>', '▁the', '▁c', 'at', '▁k', '▁', 'the', '▁cat'],
  0,
);
const ctx: TokenStepContext = { frame: 0, tokenLogProb: -0.1, topLogProb: -0.1, wordStart: false };

/** Per-call scores and the total of a token sequence (tokens by string). */
function run<S>(scorer: ShallowFusionScorer<S>, tokens: string[]) {
  let s = scorer.initial();
  const steps: number[] = [];
  for (const t of tokens) {
    const r = scorer.step(s, vocabulary.idOf(t) as number, ctx);
    steps.push(r.score);
    s = r.state;
  }
  const fin = scorer.finish(s);
  return { steps, fin, total: steps.reduce((a, b) => a + b, 0) + fin };
}

/** ln P of a whole sentence under the LM, `</s>` included. */
function sentenceLnP(words: string[]): number {
  let s = lm.start();
  let sum = 0;
  for (const w of words) {
    const r = lm.score(s, w);
    sum += r.logProb;
    s = r.state;
  }
  return sum + lm.end(s);
}

describe('ShallowFusionScorer', () => {
  const alpha = 0.5;
  const beta = 1.5;
  const scorer = new ShallowFusionScorer({ vocabulary, lm, alpha, beta });

  it('scores a word when the next word starts and at finish: α·ln P + β per word, plus α·ln P(</s>)', () => {
    const r = run(scorer, ['▁the', '▁c', 'at']);
    expect(r.steps[0]).toBe(0); // "the" still open
    const pThe = lm.score(lm.start(), 'the');
    expect(r.steps[1]).toBeCloseTo(alpha * pThe.logProb + beta, 10); // "the" completed by ▁c
    expect(r.steps[2]).toBe(0); // "cat" open
    const pCat = lm.score(pThe.state, 'cat');
    expect(r.fin).toBeCloseTo(alpha * (pCat.logProb + lm.end(pCat.state)) + beta, 10);
    expect(r.total).toBeCloseTo(alpha * sentenceLnP(['the', 'cat']) + 2 * beta, 10);
  });

  it('prefers "▁the ▁cat" (in the LM) over "▁the ▁kat" (OOV → <unk>)', () => {
    const cat = run(scorer, ['▁the', '▁c', 'at']).total;
    const kat = run(scorer, ['▁the', '▁k', 'at']).total;
    expect(cat).toBeGreaterThan(kat);
    expect(kat).toBeCloseTo(alpha * sentenceLnP(['the', 'kat']) + 2 * beta, 10);
    // Different segmentations of the same words score the same.
    expect(run(scorer, ['▁the', '▁cat']).total).toBeCloseTo(cat, 12);
  });

  it('does not penalize a partial word before it completes', () => {
    const r = run(scorer, ['▁the', '▁k', 'at', 'the', 'at']);
    expect(r.steps.slice(2)).toEqual([0, 0, 0]); // "kat…" is still being spelled
  });

  it('adds oovOffset only to words the LM does not know', () => {
    const offset = new ShallowFusionScorer({ vocabulary, lm, alpha, beta, oovOffset: -10 });
    expect(run(offset, ['▁the', '▁c', 'at']).total).toBeCloseTo(
      run(scorer, ['▁the', '▁c', 'at']).total,
      12,
    );
    expect(run(offset, ['▁the', '▁k', 'at']).total).toBeCloseTo(
      run(scorer, ['▁the', '▁k', 'at']).total - 10,
      12,
    );
  });

  it('charges the OOV offset as soon as no known word can be spelled any more', () => {
    const offset = new ShallowFusionScorer({ vocabulary, lm, alpha, beta, oovOffset: -10 });
    const pThe = alpha * lm.score(lm.start(), 'the').logProb + beta;
    // "k" starts no word of the LM: charged on "▁k", not again when "kat" completes.
    const kat = run(offset, ['▁the', '▁k', 'at']);
    expect(kat.steps[1]).toBeCloseTo(pThe - 10, 10);
    expect(kat.steps[2]).toBe(0);
    // "c" can still become "cat"; "cthe" cannot.
    const cthe = run(offset, ['▁the', '▁c', 'the']);
    expect(cthe.steps[1]).toBeCloseTo(pThe, 10);
    expect(cthe.steps[2]).toBe(-10);
    expect(run(offset, ['▁the', '▁c', 'at']).steps).toEqual(
      run(scorer, ['▁the', '▁c', 'at']).steps,
    );
  });

  it('skips empty words (a lone ▁) and accepts a first token without ▁', () => {
    const lone = run(scorer, ['▁', '▁the', '▁', '▁c', 'at']);
    expect(lone.total).toBeCloseTo(run(scorer, ['▁the', '▁c', 'at']).total, 12);
    const noMarker = run(scorer, ['the', '▁c', 'at']);
    expect(noMarker.total).toBeCloseTo(run(scorer, ['▁the', '▁c', 'at']).total, 12);
  });

  it('scores the empty hypothesis as α·ln P(</s> | <s>)', () => {
    expect(scorer.finish(scorer.initial())).toBeCloseTo(alpha * lm.end(lm.start()), 12);
  });

  it('never mutates a state (the beam shares them)', () => {
    const s0 = scorer.initial();
    const a = scorer.step(s0, vocabulary.idOf('▁the') as number, ctx);
    const b1 = scorer.step(a.state, vocabulary.idOf('▁c') as number, ctx);
    const b2 = scorer.step(a.state, vocabulary.idOf('▁k') as number, ctx);
    expect(a.state.partial).toBe('the');
    expect(b1.state.partial).toBe('c');
    expect(b2.state.partial).toBe('k');
    expect(b1.score).toBe(b2.score);
    expect(s0).toEqual({ lm: lm.start(), partial: '', charged: false });
  });

  it('works with any LanguageModel (the custom unigram LM of the contract docs)', () => {
    const table = new Map([
      ['the', 0.5],
      ['cat', 0.3],
      ['</s>', 0.1],
      ['<unk>', 0.1],
    ]);
    const unigram: LanguageModel<null> = {
      start: () => null,
      score: (s, w) => ({
        state: s,
        logProb: Math.log(table.get(w) ?? (table.get('<unk>') as number)),
      }),
      end: () => Math.log(table.get('</s>') as number),
      isOov: (w) => !table.has(w),
    };
    const s = new ShallowFusionScorer({ vocabulary, lm: unigram, alpha: 1, beta: 0, name: 'uni' });
    expect(s.name).toBe('uni');
    expect(run(s, ['▁the', '▁c', 'at']).total).toBeCloseTo(Math.log(0.5 * 0.3 * 0.1), 12);
  });

  it('rejects bad options and token ids', () => {
    expect(() => new ShallowFusionScorer({ vocabulary, lm, alpha: Number.NaN, beta: 0 })).toThrow(
      /alpha must be a finite number/,
    );
    try {
      scorer.step(scorer.initial(), 99, ctx);
      expect.unreachable();
    } catch (e) {
      expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});
