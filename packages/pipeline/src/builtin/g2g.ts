import { defineStage } from '@ctcbias/core';
import { CmuLexicon, createG2gExpander, loadCmuLexicon } from '@ctcbias/g2g';

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
    // the shared lexicon is CMUdict + g2p; load one here only when the environment lends another
    const shared = await env.pronunciations();
    const lexicon = shared instanceof CmuLexicon ? shared : await loadCmuLexicon();
    const { g2p } = lexicon;
    if (g2p === undefined) return { unavailable: 'the pronunciation lexicon has no g2p table' };
    return {
      create: (o) =>
        createG2gExpander({ lexicon, g2p, pronunciations: o.pronunciations, variants: o.variants }),
    };
  },
});
