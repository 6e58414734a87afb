import { readFileSync } from 'node:fs';
import { createBiasingList, type LanguageModel, Vocabulary } from '@ctcbias/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArpa } from './arpa-reader.js';
import { writeLmBinary } from './binary-format.js';
import { BoostClassLm } from './boost-class.js';
import { ShallowFusionScorer } from './shallow-fusion.js';

const base = parseArpa(
  readFileSync(new URL('../test/fixtures/small.arpa', import.meta.url), 'utf8'),
  'small.arpa',
);
const LN10 = Math.LN10;

/** Per-word log-probs and the total (with `</s>`) of a sentence under any LM. */
function trace<S>(lm: LanguageModel<S>, words: string[]) {
  let s = lm.start();
  const each: number[] = [];
  for (const w of words) {
    const r = lm.score(s, w);
    each.push(r.logProb);
    s = r.state;
  }
  const end = lm.end(s);
  return { each, end, total: each.reduce((a, b) => a + b, 0) + end };
}

describe('BoostClassLm', () => {
  // small.arpa: ln P(<unk> | <s>) = (bo(<s>) -0.5 + p(<unk>) -1.0)·ln 10 = -1.5 ln 10
  //             ln P(<unk> | <s> the) = (-0.1 - 0.3 - 1.0)·ln 10 = -1.4 ln 10
  const list = createBiasingList(['gorovitz', 'kate smith', { text: 'cat', weight: 2 }]);
  const lm = new BoostClassLm(base, list, { boost: 2 });
  const cls = -Math.log(3); // three members → classLogProb = -ln 3

  it('scores a single-word OOV entry as ln P(<unk> | h) + ln(1/|class|) + boost·weight', () => {
    expect(lm.classSize).toBe(3);
    expect(lm.classLogProb).toBeCloseTo(cls, 12);
    const got = lm.score(lm.start(), 'gorovitz').logProb;
    expect(got).toBeCloseTo(-1.5 * LN10 + cls + 2, 5);
    expect(got).toBeGreaterThan(base.score(base.start(), 'gorovitz').logProb);
  });

  it('never scores an entry below the LM: ln P = max(class, LM)', () => {
    // "cat" after <s>: LM -1.2·ln 10 = -2.763 < class -1.5·ln 10 - ln 3 + 2·2 = -0.553
    expect(lm.score(lm.start(), 'cat').logProb).toBeCloseTo(-1.5 * LN10 + cls + 4, 5);
    // "cat" after "<s> the": LM -0.1·ln 10 = -0.230 beats the class -1.4·ln 10 - ln 3 + 4 = -0.322
    const s = lm.score(lm.start(), 'the').state;
    expect(lm.score(s, 'cat').logProb).toBeCloseTo(-0.1 * LN10, 5);
  });

  it('leaves other words to the LM and keeps the LM history in step', () => {
    const boosted = trace(lm, ['the', 'gorovitz', 'the', 'cat']);
    const plain = trace(base, ['the', 'gorovitz', 'the', 'cat']);
    expect(boosted.each[0]).toBe(plain.each[0]);
    expect(boosted.each[2]).toBe(plain.each[2]); // "the" after <unk>, as in the LM
    expect(boosted.end).toBe(plain.end);
  });

  it('scores a multi-word entry through the class once; its later words cost 0', () => {
    const r = trace(lm, ['the', 'kate', 'smith']);
    const unk = -1.4 * LN10;
    expect(r.each[1]).toBeCloseTo(unk + cls + 2, 5); // first word: the class
    expect(r.each[2]).toBe(0); // inside the entry
    expect(r.end).toBe(trace(base, ['the', 'kate', 'smith']).end); // the entry was complete
  });

  it('gives the credit back when a multi-word entry breaks off or the sentence ends in it', () => {
    for (const words of [
      ['the', 'kate', 'the'],
      ['the', 'kate'],
      ['kate', 'kate', 'the'],
      ['kate', 'jones', 'smith'],
    ]) {
      const boosted = trace(lm, words);
      expect(boosted.each[words.indexOf('kate')]).toBeGreaterThan(
        trace(base, words).each[words.indexOf('kate')] as number,
      );
      expect(boosted.total).toBeCloseTo(trace(base, words).total, 9);
    }
  });

  it('handles entries that are prefixes of others, per-entry weights and variants', () => {
    const l = createBiasingList([
      { text: 'kate', weight: 1.5 },
      { text: 'kate smith', weight: 2, variants: ['cate smith'] },
    ]);
    const m = new BoostClassLm(base, l, { boost: 1, classLogProb: -1 });
    expect(m.classSize).toBe(3);
    const unk = -1.5 * LN10;
    const first = m.score(m.start(), 'kate');
    expect(first.logProb).toBeCloseTo(unk - 1 + 2, 5); // optimistic: best reachable weight 2
    // "kate" alone completes the weight-1.5 entry: `end` corrects the total to its exact score.
    const alone = trace(m, ['kate']);
    const baseEnd = base.end(base.score(base.start(), 'kate').state);
    expect(alone.end).toBeCloseTo(-0.5 + baseEnd, 5);
    expect(alone.total).toBeCloseTo(unk - 1 + 1.5 + baseEnd, 5);
    // "kate smith" and its variant "cate smith": weight 2.
    for (const first of ['kate', 'cate']) {
      const full = trace(m, [first, 'smith']);
      expect(full.each[0]).toBeCloseTo(unk - 1 + 2, 5);
      expect(full.each[1]).toBe(0);
    }
    expect(m.isOov('cate')).toBe(false);
    expect(m.isOov('smith')).toBe(false);
    expect(m.isOov('dog')).toBe(true);
    expect(m.isOov('the')).toBe(false);
    expect(m.isKnownPrefix('smi')).toBe(true); // a list word
    expect(m.isKnownPrefix('ca')).toBe(true); // "cat" (LM) and "cate" (list)
    expect(m.isKnownPrefix('jo')).toBe(false);
  });

  it('does not modify the loaded LM', () => {
    const before = writeLmBinary(base);
    const m = new BoostClassLm(base, list, { boost: 5 });
    trace(m, ['the', 'kate', 'smith', 'gorovitz', 'cat']);
    expect(writeLmBinary(base)).toEqual(before);
  });

  it('rejects a non-finite boost or class term', () => {
    expect(() => new BoostClassLm(base, list, { boost: Number.POSITIVE_INFINITY })).toThrow(
      /boost must be a finite number/,
    );
    expect(() => new BoostClassLm(base, list, { classLogProb: Number.NaN })).toThrow(
      /classLogProb/,
    );
  });

  it('property: a sentence without a complete entry scores exactly as the LM; one with an entry never lower', () => {
    const word = fc.constantFrom('the', 'cat', 'kate', 'smith', 'jones', 'gorovitz');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 8 }),
        fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        (words, entries, boost) => {
          const l = createBiasingList(entries.map((e) => e.join(' ')));
          const m = new BoostClassLm(base, l, { boost });
          const boosted = trace(m, words).total;
          const plain = trace(base, words).total;
          const text = ` ${words.join(' ')} `;
          const hasEntry = l.entries.some((e) => text.includes(` ${e.text} `));
          if (hasEntry) expect(boosted).toBeGreaterThanOrEqual(plain - 1e-9);
          else expect(boosted).toBeCloseTo(plain, 9);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('BoostClassLm under shallow fusion', () => {
  const vocabulary = new Vocabulary(['<blk>', '▁the', '▁goro', 'vitz', '▁gore', '▁its'], 0);
  const ctx = { frame: 0, tokenLogProb: -1, topLogProb: -1, wordStart: true };
  const total = <S>(lm: LanguageModel<S>, tokens: string[]) => {
    const scorer = new ShallowFusionScorer({ vocabulary, lm, alpha: 0.5, beta: 1, oovOffset: -5 });
    let s = scorer.initial();
    let sum = 0;
    for (const t of tokens) {
      const r = scorer.step(s, vocabulary.idOf(t) as number, ctx);
      sum += r.score;
      s = r.state;
    }
    return sum + scorer.finish(s);
  };

  it('lifts the entry above its OOV look-alikes, which plain shallow fusion cannot tell apart', () => {
    const boosted = new BoostClassLm(base, createBiasingList(['gorovitz']), { boost: 3 });
    const entry = ['▁the', '▁goro', 'vitz'];
    const other = ['▁the', '▁gore', '▁its'];
    expect(total(boosted, entry)).toBeGreaterThan(total(base, entry));
    expect(total(boosted, entry)).toBeGreaterThan(total(boosted, other));
    // Without the class, "gorovitz" is just another OOV word: same LM score as "gorevitz".
    expect(total(base, entry)).toBeCloseTo(total(base, ['▁the', '▁gore', 'vitz']), 12);
  });
});
