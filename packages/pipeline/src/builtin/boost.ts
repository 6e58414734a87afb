import { compileEntityBooster } from '@ctcbias/beam';
import { defineStage } from '@ctcbias/core';
import { scorerCompiler } from '../scorer-compiler.js';

/** `boost`: adaptive subword boosting of list entries in the beam (see @ctcbias/beam). */
export const boostStage = defineStage({
  specificationVersion: 'v1',
  name: 'boost',
  position: 'beam-scorer',
  description: 'adaptive boost of list-entry subwords in the beam (entity trie)',
  options: {
    margin: {
      type: 'number',
      default: 0.5,
      min: 0,
      description: "boost of a token that already is its frame's top-1",
    },
    maxBoost: { type: 'number', default: 2, min: 0, description: 'largest boost (nats)' },
    cutoff: {
      type: 'number',
      default: 5,
      min: 0,
      description: "gap to the frame's best (nats) beyond which a token gets no boost",
    },
    firstTokenScale: {
      type: 'number',
      default: 1,
      min: 0,
      description: "scale of the boost of an entry's first token",
    },
  },
  async load() {
    return {
      create: (boost) =>
        scorerCompiler('boost', (list, vocabulary) =>
          compileEntityBooster(list, vocabulary, { boost }),
        ),
    };
  },
});
