import { beamSearch } from '@ctcbias/beam';
import { createBiasingList, type TokenScorer } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import {
  craftUtterances,
  craftVocabulary,
  DISTRACTORS,
  ENTITIES,
} from '../test/crafted-utterances.js';
import { BoostClassLm } from './boost-class.js';
import { loadDefaultLm } from './lm-files.js';
import { ShallowFusionScorer } from './shallow-fusion.js';

// Integration with @ctcbias/beam on crafted posteriors (see test/crafted-utterances.ts): the
// acoustics prefer a homophone ("hear") and a misspelled entity ("gurovitz").
describe('shallow fusion and the BOOST class in CTC prefix beam search', () => {
  const lm = loadDefaultLm();
  const vocab = craftVocabulary();
  const utterances = craftUtterances(vocab, 7).slice(0, 3);
  const list = createBiasingList([...ENTITIES, ...DISTRACTORS]);
  const fusion = { vocabulary: vocab, alpha: 0.5, beta: 1.5, oovOffset: -10 };
  const decode = (scorers: TokenScorer<unknown>[]) =>
    utterances.map((u) => beamSearch(u.posteriors, vocab, { beamWidth: 16, scorers })[0]?.text);
  const words = (s: string | undefined) => (s ?? '').split(' ');

  it('the acoustics alone get both confusions wrong', () => {
    decode([]).forEach((hyp, i) => {
      expect(hyp).not.toBe(utterances[i]?.ref);
      expect(words(hyp)).not.toContain(ENTITIES[i]);
    });
  });

  it('the LM fixes the homophones; with the BOOST class the entities come out right too', () => {
    const withLm = decode([new ShallowFusionScorer({ ...fusion, lm })]);
    const withBoost = decode([
      new ShallowFusionScorer({ ...fusion, lm: new BoostClassLm(lm, list) }),
    ]);
    utterances.forEach((u, i) => {
      const ref = words(u.ref);
      const entityAt = ref.indexOf(ENTITIES[i] as string);
      const carrier = (s: string | undefined) => words(s).filter((_, j) => j !== entityAt);
      expect(carrier(withLm[i])).toEqual(carrier(u.ref));
      expect(withBoost[i]).toBe(u.ref);
    });
  });
});
