import { defineStage } from '@ctcbias/core';
import { createLexiconRewriter } from '@ctcbias/lexicon';
import { noPhoneHead } from './messages.js';

/** `lexicon`: replaces a run of words whose aligned phones match a list entry's pronunciation. */
export const lexiconStage = defineStage({
  specificationVersion: 'v1',
  name: 'lexicon',
  position: 'transcript-rewriter',
  description: "replaces words whose aligned phones match an entry's pronunciation",
  needsPronunciations: true,
  options: {
    maxEditDistance: {
      type: 'number',
      default: 0,
      min: 0,
      integer: true,
      description: 'phone edits still accepted as a match (0 = exact, as in the paper)',
    },
    maxWords: {
      type: 'number',
      default: 3,
      min: 1,
      integer: true,
      description: 'most consecutive words one entry may replace',
    },
    pronunciationsPerWord: {
      type: 'number',
      default: 3,
      min: 1,
      integer: true,
      description: 'lexicon pronunciations per word tried by the word alignment',
    },
    matching: {
      type: 'choice',
      default: 'acoustic',
      choices: ['phones', 'acoustic'],
      description:
        "phones: the heard phones spell the entry (within maxEditDistance); acoustic: the entry's CTC likelihood over the words' frames beats theirs by acousticMargin",
    },
    acousticMargin: {
      type: 'number',
      default: 2,
      min: 0,
      description:
        'acoustic matching: the log-likelihood gain (nats) an entry needs over the words',
    },
    candidateEdits: {
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      description:
        'acoustic matching: candidates are within this fraction of the heard phones in edits',
    },
  },
  async load(env) {
    if (env.phoneSymbols === undefined) return { unavailable: noPhoneHead(env.model) };
    const lexicon = await env.pronunciations();
    if (lexicon === undefined) return { unavailable: 'no pronunciation lexicon' };
    const { vocabulary } = env;
    return {
      create: (o) =>
        createLexiconRewriter({
          lexicon,
          vocabulary,
          maxEditDistance: o.maxEditDistance,
          maxWords: o.maxWords,
          pronunciationsPerWord: o.pronunciationsPerWord,
          ...(o.matching === 'acoustic'
            ? { acousticMargin: o.acousticMargin, candidateEdits: o.candidateEdits }
            : {}),
        }),
    };
  },
});
