import { describe, expect, it } from 'vitest';
import { createBiasingList } from '../biasing-list.js';
import { biasedWordErrorRate, corpusBiasedWordErrorRate } from './biased-wer.js';

describe('U-WER / B-WER (Le et al. 2021)', () => {
  const entities = ['Kate Smith', 'ibuprofen'];

  it('splits errors between biased and unbiased words', () => {
    // biased words: {kate, smith, ibuprofen}
    // ref: call kate smith now          hyp: call cate smith ibuprofen now
    //   call=call, kate→cate (S, biased), smith=smith, +ibuprofen (I, biased), now=now
    // B-WER: (1 S + 1 I) / 2 biased ref words = 1;  U-WER: 0 / 2 = 0
    const r = biasedWordErrorRate('call kate smith now', 'call cate smith ibuprofen now', entities);
    expect(r.biased).toMatchObject({ refWords: 2, correct: 1, sub: 1, ins: 1, errors: 2, rate: 1 });
    expect(r.unbiased).toMatchObject({ refWords: 2, correct: 2, errors: 0, rate: 0 });
    expect(r.alignment.filter((a) => a.biased).map((a) => a.op)).toEqual(['sub', 'correct', 'ins']);
  });

  it('counts deletions, unbiased insertions and biased words outside their phrase', () => {
    // ref: smith took ibuprofen today (biased: smith, ibuprofen — 'smith' alone still counts)
    // hyp: smith took the profen today
    //   smith=smith, took=took, +the (I, unbiased), ibuprofen→profen (S, biased), today=today
    //   ('ibuprofen→the, +profen' costs the same; walking back, the substitution comes first)
    const r = biasedWordErrorRate(
      'smith took ibuprofen today',
      'smith took the profen today',
      entities,
    );
    expect(r.alignment.map((a) => [a.op, a.biased])).toEqual([
      ['correct', true],
      ['correct', false],
      ['ins', false],
      ['sub', true],
      ['correct', false],
    ]);
    // B: 1 S / 2 = 0.5;  U: 1 I / 2 (took, today) = 0.5
    expect(r.biased.rate).toBe(0.5);
    expect(r.unbiased.rate).toBe(0.5);
    // a deleted entity word
    const d = biasedWordErrorRate('ask kate', 'ask', entities);
    expect(d.biased).toMatchObject({ refWords: 1, del: 1, rate: 1 });
    expect(d.unbiased.rate).toBe(0);
  });

  it('accepts a BiasingList and aggregates a corpus', () => {
    const list = createBiasingList(entities);
    // utt 1: B 2 errors / 2, U 0 / 2 (first test); utt 2: B 0 / 1 (ibuprofen ok), U 1 D / 2
    const c = corpusBiasedWordErrorRate(
      [
        { ref: 'call kate smith now', hyp: 'call cate smith ibuprofen now' },
        { ref: 'take ibuprofen daily', hyp: 'take ibuprofen' },
      ],
      list,
    );
    // B: 2 / 3;  U: 1 / 4
    expect(c.biased).toMatchObject({ refWords: 3, errors: 2 });
    expect(c.biased.rate).toBeCloseTo(2 / 3, 12);
    expect(c.unbiased).toMatchObject({ refWords: 4, errors: 1, rate: 0.25 });
  });

  it('has no biased words without entities', () => {
    const r = biasedWordErrorRate('a b', 'a c', []);
    expect(r.biased).toMatchObject({ refWords: 0, rate: 0 });
    expect(r.unbiased.rate).toBe(0.5);
  });
});
