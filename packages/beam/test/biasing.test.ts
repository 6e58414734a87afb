import { type BiasingListItem, createBiasingList, type Hypothesis } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { beamSearch, compileEntityBooster } from '../src/index.js';
import { BLANK, emit, id, posteriors, rng, vocab } from './helpers.js';
import { peakyPosteriors, randomWord, syntheticVocab } from './synthetic.js';

const ids = (s: string) => s.split(' ').map(id);
const kate = { text: 'kate', tokenizations: [ids('_ka te')] };

function biased(p: ReturnType<typeof posteriors>, items: BiasingListItem[], beamWidth = 16) {
  const booster = compileEntityBooster(createBiasingList(items), vocab);
  return beamSearch(p, vocab, { beamWidth, scorers: [booster] });
}

/** "the ka ? is here" where the second piece of "kate" loses to "de" by `gap` nats. */
function nearMiss(gap: number) {
  const pDe = 0.6;
  const pTe = pDe * Math.exp(-gap);
  return posteriors([
    BLANK,
    emit('_the'),
    BLANK,
    emit('_ka'),
    BLANK,
    { de: pDe, te: pTe },
    BLANK,
    emit('_is'),
    BLANK,
    emit('_here'),
    BLANK,
  ]);
}

describe('entity boosting on crafted posteriors', () => {
  it('recovers a near-miss entity (< 1 nat behind on one frame) only with the booster', () => {
    for (const gap of [0.3, 0.6, 0.95]) {
      const p = nearMiss(gap);
      expect(beamSearch(p, vocab)[0]?.text).toBe('the kade is here');
      const [h] = biased(p, [kate]);
      expect(h?.text).toBe('the kate is here');
      expect(h?.words[1]).toEqual({ text: 'kate', startFrame: 3, endFrame: 6, entry: 0 });
      expect(h?.scores.boost).toBeGreaterThan(0);
      expect(h?.score).toBeCloseTo(
        (h?.scores.acoustic as number) + (h?.scores.boost as number),
        12,
      );
    }
  });

  it('recovers a near-miss first piece and an entity at the very end of the utterance', () => {
    const p = posteriors([BLANK, { _a: 0.55, _ka: 0.35 }, BLANK, emit('te'), BLANK]);
    expect(beamSearch(p, vocab)[0]?.text).toBe('ate');
    expect(biased(p, [kate])[0]?.text).toBe('kate');
  });

  it('does not force in a hopeless candidate', () => {
    expect(biased(nearMiss(7), [kate])[0]?.text).toBe('the kade is here');
  });

  it('tags every word of a multi-word entry', () => {
    const p = posteriors([BLANK, emit('_the'), BLANK, emit('_new'), BLANK, emit('_york'), BLANK]);
    const [h] = biased(p, [{ text: 'new york', tokenizations: [ids('_new _york')] }]);
    expect(h?.words.map((w) => w.entry)).toEqual([undefined, 0, 0]);
  });

  it('does not tag or boost an entry that is only the start of a spoken word', () => {
    const p = posteriors([BLANK, emit('_ka'), BLANK, emit('te'), BLANK, emit('lyn'), BLANK]);
    const [h] = biased(p, [kate]);
    expect(h?.text).toBe('katelyn');
    expect(h?.words[0]?.entry).toBeUndefined();
    expect(h?.scores.boost).toBeCloseTo(0, 12);
  });
});

function sameResult(a: readonly Hypothesis[], b: readonly Hypothesis[]): void {
  expect(b.map((h) => [h.tokens, h.text, h.words, h.score, h.scores.acoustic])).toEqual(
    a.map((h) => [h.tokens, h.text, h.words, h.score, h.scores.acoustic]),
  );
}

describe('an empty list', () => {
  it('gives exactly the unbiased n-best', () => {
    for (const p of [nearMiss(0.5), nearMiss(2)]) {
      const plain = beamSearch(p, vocab);
      const withEmpty = biased(p, []);
      sameResult(plain, withEmpty);
      for (const h of withEmpty) expect(h.scores.boost).toBe(0);
    }
    const sv = syntheticVocab(30, 20);
    const rand = rng(3);
    const spoken = Array.from({ length: 12 }, () => randomWord(sv, rand)).flat();
    const p = peakyPosteriors(spoken, sv, 4, { competitorGap: [0.2, 3] });
    const empty = compileEntityBooster(createBiasingList([]), sv);
    sameResult(beamSearch(p, sv), beamSearch(p, sv, { scorers: [empty] }));
  });
});

describe('failed partial matches', () => {
  it('do not change the final score', () => {
    const p = posteriors([
      BLANK,
      emit('_the'),
      BLANK,
      emit('_ka'),
      BLANK,
      emit('te'),
      BLANK,
      emit('_is'),
      BLANK,
    ]);
    const [plain] = beamSearch(p, vocab);
    const [h] = biased(p, [{ text: 'katelyn', tokenizations: [ids('_ka te lyn')] }]);
    expect(h?.text).toBe(plain?.text);
    expect(h?.scores.boost).toBeCloseTo(0, 12);
    expect(h?.score).toBeCloseTo(plain?.score as number, 12);
  });
});

/** Does `entry` occur in `tokens` as whole words? */
function occursAsWords(
  tokens: readonly number[],
  entry: readonly number[],
  isStart: (t: number) => boolean,
) {
  for (let s = 0; s + entry.length <= tokens.length; s++) {
    if (!isStart(tokens[s] as number)) continue;
    const end = s + entry.length;
    if (end < tokens.length && !isStart(tokens[end] as number)) continue;
    if (entry.every((t, k) => tokens[s + k] === t)) return true;
  }
  return false;
}

// "Entity-free": no entry is spoken, and every competitor of a spoken token is at least 2 nats
// below it — beyond the ≈ 1.41-nat reach of the default boost (a nearer competitor that spells an
// entry is a near-miss, which the booster is meant to recover). The list also holds traps: the
// first pieces of each spoken word, and each spoken word plus one more piece.
describe('a 1,000-entry random list on entity-free input', () => {
  it('inserts, substitutes and tags nothing', () => {
    const sv = syntheticVocab(40, 30);
    const isStart = (t: number) => sv.isWordStart(t);
    for (let u = 0; u < 4; u++) {
      const rand = rng(100 + u);
      const words = Array.from({ length: 10 }, () => randomWord(sv, rand, 3));
      const spoken = words.flat();
      const entries: number[][] = [];
      // Traps: the beginning of each spoken multi-piece word, and each word plus one more piece.
      for (const w of words) {
        if (w.length > 1) entries.push(w.slice(0, w.length - 1));
        entries.push([...w, sv.size - 1]);
      }
      while (entries.length < 1000) {
        const n = 1 + Math.floor(rand() * 2);
        entries.push(Array.from({ length: n }, () => randomWord(sv, rand)).flat());
      }
      const list = createBiasingList(
        entries
          .filter((e) => !occursAsWords(spoken, e, isStart))
          .map((tokens, i) => ({ text: `entity ${i}`, tokenizations: [tokens] })),
      );
      expect(list.entries.length).toBeGreaterThan(900);
      const p = peakyPosteriors(spoken, sv, 200 + u, { competitorGap: [2, 8] });
      const plain = beamSearch(p, sv);
      const booster = compileEntityBooster(list, sv);
      const [h] = beamSearch(p, sv, { scorers: [booster] });
      expect(plain[0]?.tokens).toEqual(spoken);
      expect(h?.tokens).toEqual(spoken);
      expect(h?.words.every((w) => w.entry === undefined)).toBe(true);
      expect(h?.scores.boost).toBeCloseTo(0, 9);
    }
  });
});
