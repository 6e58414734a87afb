import { defineStage } from '@ctcbias/core';
import { createPhoneticRescorer } from '@ctcbias/phonetic';
import { noPhoneHead } from './messages.js';

/** `phonetic`: n-best rescoring by CTC forced alignment against the phone posteriors. */
export const phoneticStage = defineStage({
  specificationVersion: 'v1',
  name: 'phonetic',
  position: 'nbest-rescorer',
  description: 'rescores the n-best by forced alignment against the phone posteriors',
  needsPronunciations: true,
  options: {
    weight: { type: 'number', default: 1, min: 0, description: 'weight of the phonetic score' },
    scoring: {
      type: 'choice',
      default: 'viterbi',
      choices: ['viterbi', 'forward'],
      description: 'viterbi: best alignment; forward: full CTC likelihood',
    },
    pronunciationsPerWord: {
      type: 'number',
      default: 3,
      min: 1,
      integer: true,
      description: 'lexicon pronunciations tried per non-entry word',
    },
  },
  async load(env) {
    if (env.phoneSymbols === undefined) return { unavailable: noPhoneHead(env.model) };
    const lexicon = await env.pronunciations();
    if (lexicon === undefined) return { unavailable: 'no pronunciation lexicon' };
    return {
      create: (o) =>
        createPhoneticRescorer({
          lexicon,
          weight: o.weight,
          scoring: o.scoring,
          pronunciationsPerWord: o.pronunciationsPerWord,
        }),
    };
  },
});
