import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignWords } from './align.js';
import { corpusWordErrorRate, errorRate, wordErrorRate } from './wer.js';

describe('alignWords', () => {
  it('aligns with correct / sub / ins / del', () => {
    expect(alignWords(['the', 'cat', 'sat'], ['the', 'hat', 'sat', 'down'])).toEqual([
      { op: 'correct', ref: 'the', hyp: 'the' },
      { op: 'sub', ref: 'cat', hyp: 'hat' },
      { op: 'correct', ref: 'sat', hyp: 'sat' },
      { op: 'ins', hyp: 'down' },
    ]);
    expect(alignWords(['a', 'b', 'c'], ['a', 'c'])).toEqual([
      { op: 'correct', ref: 'a', hyp: 'a' },
      { op: 'del', ref: 'b' },
      { op: 'correct', ref: 'c', hyp: 'c' },
    ]);
    expect(alignWords([], ['x'])).toEqual([{ op: 'ins', hyp: 'x' }]);
    expect(alignWords(['x'], [])).toEqual([{ op: 'del', ref: 'x' }]);
    expect(alignWords([], [])).toEqual([]);
  });

  it('breaks ties: most correct words, then substitution, deletion, insertion', () => {
    // a b → b c: 2 errors either as sub+sub or del a + ins c; the latter keeps 'b' correct
    expect(alignWords(['a', 'b'], ['b', 'c']).map((a) => a.op)).toEqual(['del', 'correct', 'ins']);
    // a → b c: sub + ins or ins + sub; walking back, sub(a→c) first, then ins b
    expect(alignWords(['a'], ['b', 'c'])).toEqual([
      { op: 'ins', hyp: 'b' },
      { op: 'sub', ref: 'a', hyp: 'c' },
    ]);
  });

  it('is a minimal edit script that rebuilds both sides (property)', () => {
    const words = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 8 });
    fc.assert(
      fc.property(words, words, (ref, hyp) => {
        const ops = alignWords(ref, hyp);
        expect(ops.flatMap((o) => (o.op === 'ins' ? [] : [o.ref]))).toEqual(ref);
        expect(ops.flatMap((o) => (o.op === 'del' ? [] : [o.hyp]))).toEqual(hyp);
        const cost = ops.filter((o) => o.op !== 'correct').length;
        expect(cost).toBeLessThanOrEqual(Math.max(ref.length, hyp.length));
        expect(cost).toBeGreaterThanOrEqual(Math.abs(ref.length - hyp.length));
      }),
    );
  });
});

describe('wordErrorRate', () => {
  it('counts a hand-checked example', () => {
    // ref: The cat sat on the mat (6 words)
    // hyp: the hat sat on mat today
    //   the=the, cat→hat (S), sat=sat, on=on, del 'the' (D), mat=mat, ins 'today' (I)
    //   errors 3 / 6 = 0.5
    const r = wordErrorRate('The cat sat on the mat', ' the  HAT sat on mat today');
    expect(r).toMatchObject({ refWords: 6, correct: 4, sub: 1, del: 1, ins: 1, errors: 3 });
    expect(r.rate).toBe(0.5);
    expect(r.alignment.map((a) => a.op)).toEqual([
      'correct',
      'sub',
      'correct',
      'correct',
      'del',
      'correct',
      'ins',
    ]);
  });

  it('handles empty sides', () => {
    expect(wordErrorRate('', '').rate).toBe(0);
    expect(wordErrorRate('', 'a b').rate).toBe(Number.POSITIVE_INFINITY);
    expect(wordErrorRate('a b', '').rate).toBe(1);
    expect(errorRate({ refWords: 4, correct: 3, sub: 1, del: 0, ins: 1 }).rate).toBe(0.5);
  });

  it('aggregates a corpus over summed counts', () => {
    // utt 1: 'a b' vs 'a'  → 1 del, 2 ref words;  utt 2: 4 words, all correct
    // corpus: 1 error / 6 ref words (not the mean of 0.5 and 0)
    const c = corpusWordErrorRate([
      { ref: 'a b', hyp: 'a' },
      { ref: 'c d e f', hyp: 'c d e f' },
    ]);
    expect(c).toMatchObject({ refWords: 6, correct: 5, del: 1, errors: 1 });
    expect(c.rate).toBeCloseTo(1 / 6, 12);
    expect(c.utterances.map((u) => u.rate)).toEqual([0.5, 0]);
  });
});
