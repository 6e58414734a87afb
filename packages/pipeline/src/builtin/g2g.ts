import { defineStage } from '@ctcbias/core';
import { CmuLexicon, createG2gExpander } from '@ctcbias/g2g';

/** `g2g`: spelling variants and alternative pronunciations of each entry (CMUdict + g2p tables). */
export const g2gStage = defineStage({
  specificationVersion: 'v1',
  name: 'g2g',
  position: 'list-expander',
  description: 'grapheme-to-grapheme spelling variants and g2p pronunciations of each entry',
  options: {
    variants: {
      type: 'number',
      default: 0,
      min: 0,
      integer: true,
      description: 'most spelling variants added per entry',
    },
    pronunciations: {
      type: 'number',
      default: 3,
      min: 0,
      integer: true,
      description: 'most pronunciations added per entry',
    },
  },
  async load(env) {
    // the g2g expander needs the shared lexicon to be CMUdict + a g2p table
    const lexicon = await env.pronunciations();
    if (!(lexicon instanceof CmuLexicon) || lexicon.g2p === undefined) {
      return { unavailable: 'the pronunciation lexicon has no g2p table (files.g2g)' };
    }
    const { g2p } = lexicon;
    return {
      create: (o) =>
        createG2gExpander({ lexicon, g2p, pronunciations: o.pronunciations, variants: o.variants }),
    };
  },
});
