import { createBiasingList, type EncoderOutput, type NBest } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { createPhoneticRescorer } from '../src/index.js';
import { hyp, SYMBOLS, spikes, tinyLexicon } from './helpers.js';

const lexicon = tinyLexicon({
  the: ['DH AH'],
  lensky: ['L EH N S K IY'],
  said: ['S EH D'],
  sed: ['S EH D'],
});
const list = createBiasingList([
  { text: 'zelenskyy', pronunciations: [['Z', 'EH', 'L', 'EH', 'N', 'S', 'K', 'IY']] },
]);

function output(spec: string): EncoderOutput {
  const phone = spikes(spec);
  return { subword: phone, phone, phoneSymbols: SYMBOLS };
}

const SAID_ZELENSKYY = output('_ Z EH _ L EH N _ S K IY _ _ S EH D _');
const SAID_THE_LENSKY = output('_ DH AH _ L EH N _ S K IY _ _ S EH D _');

// The beam prefers the common words by 1 nat.
const NBEST: NBest = [hyp('the lensky said', -10), hyp('zelenskyy#0 said', -11)];

describe('phonetic rescorer', () => {
  it('flips the n-best order when the phones support the entity', () => {
    const out = createPhoneticRescorer({ lexicon }).rescore(NBEST, SAID_ZELENSKYY, list);
    expect(out.map((h) => h.text)).toEqual(['zelenskyy said', 'the lensky said']);
    const [entity, common] = out;
    // The entity explains the phones exactly like the best path: zero cost.
    expect(entity?.scores.phonetic).toBeCloseTo(0, 6);
    expect(common?.scores.phonetic).toBeLessThan(-2);
    expect(entity?.score).toBeCloseTo(-11, 6);
    expect(common?.score).toBeCloseTo(-10 + (common?.scores.phonetic ?? 0), 9);
  });

  it('keeps the order when the phones support the common words', () => {
    const out = createPhoneticRescorer({ lexicon }).rescore(NBEST, SAID_THE_LENSKY, list);
    expect(out.map((h) => h.text)).toEqual(['the lensky said', 'zelenskyy said']);
    expect(out[0]?.scores.phonetic).toBeCloseTo(0, 6);
  });

  it('forward scoring flips it too, and weight 0 leaves the beam order', () => {
    const fwd = createPhoneticRescorer({ lexicon, scoring: 'forward' });
    expect(fwd.rescore(NBEST, SAID_ZELENSKYY, list)[0]?.text).toBe('zelenskyy said');
    const off = createPhoneticRescorer({ lexicon, weight: 0 }).rescore(NBEST, SAID_ZELENSKYY, list);
    expect(off.map((h) => [h.text, h.scores.phonetic])).toEqual([
      ['the lensky said', -0],
      ['zelenskyy said', -0],
    ]);
  });

  it('per-frame normalization divides the cost by the frame count; weight scales it', () => {
    const none = createPhoneticRescorer({ lexicon, weight: 2 }).rescore(
      NBEST,
      SAID_ZELENSKYY,
      list,
    );
    const per = createPhoneticRescorer({ lexicon, weight: 2, normalize: 'per-frame' }).rescore(
      NBEST,
      SAID_ZELENSKYY,
      list,
    );
    const once = createPhoneticRescorer({ lexicon }).rescore(NBEST, SAID_ZELENSKYY, list);
    const frames = SAID_ZELENSKYY.phone?.frames ?? 0;
    const phon = (n: NBest, text: string) => n.find((h) => h.text === text)?.scores.phonetic ?? 0;
    expect(phon(per, 'the lensky said') * frames).toBeCloseTo(phon(none, 'the lensky said'), 9);
    expect(phon(none, 'the lensky said')).toBeCloseTo(2 * phon(once, 'the lensky said'), 9);
  });

  it('rescoring twice replaces its own score instead of adding it again', () => {
    const r = createPhoneticRescorer({ lexicon });
    const once = r.rescore(NBEST, SAID_ZELENSKYY, list);
    const twice = r.rescore(once, SAID_ZELENSKYY, list);
    expect(twice.map((h) => h.score)).toEqual(once.map((h) => h.score));
  });

  it('gives hypotheses it cannot align the worst alignable cost', () => {
    const r = createPhoneticRescorer({ lexicon });
    const nbest = [hyp('zork said', -9), hyp('the lensky said', -10), hyp('zelenskyy#0 said', -11)];
    const out = r.rescore(nbest, SAID_ZELENSKYY, list);
    const zork = out.find((h) => h.text === 'zork said');
    const lensky = out.find((h) => h.text === 'the lensky said');
    expect(zork?.scores.phonetic).toBe(lensky?.scores.phonetic);
    expect(out.map((h) => h.text)).toEqual(['zelenskyy said', 'zork said', 'the lensky said']);
    // Too many phones for 3 frames: nothing can be aligned, the list comes back as it was.
    const short = output('Z EH L');
    expect(r.rescore(NBEST, short, list)).toBe(NBEST);
  });

  it('explains what is missing', () => {
    const r = createPhoneticRescorer({ lexicon });
    const noPhones: EncoderOutput = { subword: spikes('_') };
    expect(() => r.rescore(NBEST, noPhones, list)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED' }),
    );
    expect(r.rescore([], noPhones, list)).toEqual([]);
    const badLexicon = tinyLexicon({ the: ['DH AH0'], lensky: ['L'], said: ['S'] });
    expect(() =>
      createPhoneticRescorer({ lexicon: badLexicon }).rescore(NBEST, SAID_ZELENSKYY, list),
    ).toThrow(/unknown phone "AH0"/);
    expect(() => createPhoneticRescorer({ lexicon, weight: -1 })).toThrow(/weight/);
    expect(() => createPhoneticRescorer({ lexicon, pronunciationsPerWord: 0 })).toThrow();
  });

  it('aligns each distinct pronunciation sequence once (homophones share the work)', () => {
    const lex = tinyLexicon({
      said: ['S EH D'],
      sed: ['S EH D'],
      the: ['DH AH'],
      lensky: ['L EH N S K IY'],
    });
    const r = createPhoneticRescorer({ lexicon: lex });
    const nbest = [hyp('the lensky said', -10), hyp('the lensky sed', -10.5)];
    const out = r.rescore(nbest, SAID_THE_LENSKY, list);
    expect(out[0]?.scores.phonetic).toBe(out[1]?.scores.phonetic);
    expect(out.map((h) => h.text)).toEqual(['the lensky said', 'the lensky sed']);
  });
});
