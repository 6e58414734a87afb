import { readFileSync } from 'node:fs';
import { isCtcBiasError } from '@ctcbias/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArpa } from './arpa-reader.js';
import { buildKneserNey } from './kneser-ney.js';
import type { NgramLm } from './ngram-lm.js';

const FALLBACK = [0.5, 1, 1.5] as const;

/** P(word | <s> history…) in the linear domain. */
function p(lm: NgramLm, history: readonly string[], word: string): number {
  let s = lm.start();
  for (const w of history) s = lm.score(s, w).state;
  return Math.exp(word === '</s>' ? lm.end(s) : lm.score(s, word).logProb);
}

describe('buildKneserNey: a bigram model worked by hand', () => {
  // Corpus "a b" and "b", order 2, fallback discounts D1 = 0.5, D2 = 1 (the corpus is too small
  // to estimate them). Padded: "<s> a b </s>", "<s> b </s>".
  //
  // Unigram adjusted counts = number of distinct left neighbours:
  //   a: {<s>} → 1     b: {a, <s>} → 2     </s>: {b} → 1     <unk>: 0      (Σ = 4)
  //   u(a) = (1 - 0.5)/4 = 0.125   u(b) = (2 - 1)/4 = 0.25   u(</s>) = 0.125
  //   γ(ε) = (0.5 + 1 + 0.5)/4 = 0.5, spread uniformly over {<unk>, </s>, a, b}: 0.125 each
  //   P(a) = 0.25   P(b) = 0.375   P(</s>) = 0.25   P(<unk>) = 0.125          (Σ = 1)
  // Bigrams (highest order: raw counts): <s> a: 1, <s> b: 1, a b: 1, b </s>: 2
  //   h = <s>: Σ = 2, γ = (0.5 + 0.5)/2 = 0.5
  //     P(a | <s>) = 0.5/2 + 0.5·0.25 = 0.375     P(b | <s>) = 0.25 + 0.5·0.375 = 0.4375
  //     P(</s> | <s>) = 0.5·0.25 = 0.125          P(<unk> | <s>) = 0.5·0.125 = 0.0625
  //   h = a:   Σ = 1, γ = 0.5:   P(b | a) = 0.5/1 + 0.5·0.375 = 0.6875
  //   h = b:   Σ = 2, γ = 1/2:   P(</s> | b) = (2 - 1)/2 + 0.5·0.25 = 0.625   P(a | b) = 0.5·0.25 = 0.125
  const model = buildKneserNey(['a b', 'b'], { order: 2, discountFallback: FALLBACK });
  const lm = parseArpa(model.toArpa());

  it('uses the fallback discounts and the word order <unk> <s> </s> then by count', () => {
    expect(model.discounts).toEqual([
      [0.5, 1, 1.5],
      [0.5, 1, 1.5],
    ]);
    expect(model.words).toEqual(['<unk>', '<s>', '</s>', 'b', 'a']);
  });

  it.each([
    [[], 'a', 0.375],
    [[], 'b', 0.4375],
    [[], '</s>', 0.125],
    [[], '<unk>', 0.0625],
    [['a'], 'b', 0.6875],
    [['b'], '</s>', 0.625],
    [['b'], 'a', 0.125],
    [['b'], 'zzz', 0.5 * 0.125], // unseen word → <unk>
  ])('P(%s → %s) = %d', (history, word, want) => {
    expect(p(lm, history, word)).toBeCloseTo(want, 6);
  });

  it('writes the unigram P and the context backoffs γ into the ARPA text', () => {
    const arpa = model.toArpa();
    expect(arpa).toContain('\\data\\\nngram 1=5\nngram 2=4\n');
    expect(arpa).toContain(`-99\t<s>\t${Number(Math.log10(0.5).toPrecision(7))}\n`);
    expect(arpa).toContain(`${Number(Math.log10(0.375).toPrecision(7))}\tb\t`);
    expect(arpa).toContain(`${Number(Math.log10(0.125).toPrecision(7))}\t<unk>\n`);
    expect(arpa.trimEnd().endsWith('\\end\\')).toBe(true);
  });
});

interface Reference {
  corpus: string[];
  models: {
    order: number;
    minCount: number;
    vocab: string[];
    discounts: number[][];
    cases: { history: string[]; probs: Record<string, number> }[];
  }[];
}

describe('buildKneserNey against an independent reference (test/fixtures/kn_reference.py)', () => {
  // kn_reference.json was written once by kn_reference.py, a separate Python implementation
  // that evaluates the recursive interpolated formula from raw definitions (see its docstring).
  const ref = JSON.parse(
    readFileSync(new URL('../test/fixtures/kn_reference.json', import.meta.url), 'utf8'),
  ) as Reference;

  for (const r of ref.models) {
    it(`order ${r.order}, minCount ${r.minCount}: discounts and every P(w | h) of ${r.cases.length} histories`, () => {
      const model = buildKneserNey(ref.corpus, { order: r.order, minCount: r.minCount });
      expect([...model.words].sort()).toEqual([...r.vocab].sort());
      model.discounts.forEach((d, n) => {
        d.forEach((x, k) => {
          expect(x).toBeCloseTo(r.discounts[n]?.[k] as number, 12);
        });
      });
      const lm = parseArpa(model.toArpa());
      let compared = 0;
      for (const c of r.cases) {
        for (const [w, want] of Object.entries(c.probs)) {
          const got = p(lm, c.history, w);
          // ARPA keeps 7 significant digits of log10 and the model stores float32.
          expect(Math.abs(got - want) / want).toBeLessThan(2e-5);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(500);
    });
  }
});

describe('buildKneserNey: properties', () => {
  const sentence = fc
    .array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 7 })
    .map((ws) => ws.join(' '));
  const setup = fc.record({
    corpus: fc.array(sentence, { minLength: 1, maxLength: 12 }),
    order: fc.integer({ min: 1, max: 4 }),
    minCount: fc.integer({ min: 1, max: 2 }),
    prune: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
    history: fc.array(fc.constantFrom('a', 'b', 'c', 'e', 'x'), { maxLength: 4 }),
  });

  it('every history gives a distribution over the vocabulary (Σ P(w | h) = 1, pruned or not)', () => {
    fc.assert(
      fc.property(setup, ({ corpus, order, minCount, prune, history }) => {
        const model = buildKneserNey(corpus, {
          order,
          minCount,
          prune: [0, ...prune.slice(1, order)],
          discountFallback: FALLBACK,
        });
        const lm = parseArpa(model.toArpa());
        const predicted = lm.words.filter((w) => w !== '<s>');
        const sum = predicted.reduce((acc, w) => acc + p(lm, history, w), 0);
        expect(sum).toBeCloseTo(1, 4);
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });

  it('pruning drops n-grams but keeps the prefix and suffix of every kept one', () => {
    const corpus = ['a b c d', 'a b c e', 'b c d', 'a b d', 'c d e a', 'e a b c'];
    const full = buildKneserNey(corpus, { order: 3, discountFallback: FALLBACK });
    const pruned = buildKneserNey(corpus, {
      order: 3,
      prune: [0, 1, 1],
      discountFallback: FALLBACK,
    });
    const keys = (m: typeof full, n: number) => {
      const s = m.sections[n - 1];
      if (s === undefined) throw new Error('no section');
      const out = new Set<string>();
      for (let i = 0; i < s.log10Prob.length; i++)
        out.add([...s.ids.subarray(i * n, i * n + n)].join(','));
      return out;
    };
    expect(keys(pruned, 3).size).toBeLessThan(keys(full, 3).size);
    expect(keys(pruned, 2).size).toBeLessThan(keys(full, 2).size);
    for (const k of keys(pruned, 3)) {
      const ids = k.split(',');
      expect(keys(pruned, 2).has(ids.slice(0, 2).join(','))).toBe(true);
      expect(keys(pruned, 2).has(ids.slice(1).join(','))).toBe(true);
    }
  });

  it('maps rare words to <unk>, which then has a learned probability', () => {
    const model = buildKneserNey(['a b', 'a c', 'a b', 'a d'], {
      order: 2,
      minCount: 2,
      discountFallback: FALLBACK,
    });
    expect(model.words).toEqual(['<unk>', '<s>', '</s>', 'a', 'b']);
    const lm = parseArpa(model.toArpa());
    // "c" and "d" each once after "a" → <unk> follows "a" twice, as often as "b".
    expect(p(lm, ['a'], 'zzz')).toBeCloseTo(p(lm, ['a'], 'b'), 6);
  });
});

describe('buildKneserNey: errors', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (isCtcBiasError(e)) return `${e.code}: ${e.reason}`;
      throw e;
    }
    return 'no error';
  };
  it.each([
    [{ order: 5 }, 'order must be'],
    [{ order: 0 }, 'order must be'],
    [{ order: 2, minCount: 0 }, 'minCount'],
    [{ order: 2, prune: [0, 0, 1] }, 'prune'],
    [{ order: 2, discountFallback: [0.5, 3, 1] as const }, 'discountFallback'],
  ])('rejects options %j', (options, message) => {
    expect(code(() => buildKneserNey(['a b'], options))).toContain(message);
  });

  it('asks for discountFallback when count-of-counts are degenerate', () => {
    expect(code(() => buildKneserNey(['a b', 'b'], { order: 2 }))).toMatch(
      /INVALID_ARGUMENT: cannot estimate 1-gram discounts .*discountFallback/,
    );
  });

  it('rejects sentences that contain <s> or </s>', () => {
    expect(code(() => buildKneserNey(['a b', 'a </s> b'], { order: 2 }))).toContain(
      'sentence 2 contains </s>',
    );
  });
});
