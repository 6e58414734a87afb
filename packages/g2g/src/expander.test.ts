import {
  createBiasingList,
  isCtcBiasError,
  type Pronunciation,
  type PronunciationLexicon,
} from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { trainTinyModel } from '../test/tiny-model.js';
import { createG2gExpander } from './expander.js';
import { G2p } from './g2p.js';

/** A lexicon with fixed answers, so that concatenation and limits can be checked exactly. */
const table: Record<string, Pronunciation[]> = {
  kate: [{ phones: ['K', 'EY', 'T'], score: 0, source: 'dictionary' }],
  smith: [
    { phones: ['S', 'M', 'IH', 'TH'], score: 0, source: 'dictionary' },
    { phones: ['S', 'M', 'AY', 'TH'], score: -1, source: 'g2p' },
  ],
  tim: [
    { phones: ['T', 'IH', 'M'], score: -0.1, source: 'g2p' },
    { phones: ['T', 'AY', 'M'], score: -2, source: 'g2p' },
  ],
};
const lexicon: PronunciationLexicon = {
  pronounce: (w, n) => (table[w] ?? []).slice(0, n),
};
const g2p = new G2p(trainTinyModel(3));

describe('createG2gExpander', () => {
  it('is the g2g stage and keeps entries, order and fields', () => {
    const g2g = createG2gExpander({ lexicon, g2p });
    expect(g2g.name).toBe('g2g');
    const list = createBiasingList([
      { text: 'Tim', weight: 2, category: 'name', tokenizations: [[4, 5]] },
      'kate smith',
      'route 66',
    ]);
    const out = g2g.expand(list);
    expect(out.entries.map((e) => e.text)).toEqual(['tim', 'kate smith', 'route 66']);
    expect(out.entries[0]).toMatchObject({ weight: 2, category: 'name', tokenizations: [[4, 5]] });
  });

  it('concatenates word pronunciations, best combinations first, at most k', () => {
    const g2g = createG2gExpander({ lexicon, g2p, pronunciations: 2, variants: 0 });
    const [tim, kateSmith, route] = g2g.expand(
      createBiasingList(['tim', 'kate smith', 'route 66']),
    ).entries;
    expect(tim?.pronunciations).toEqual([
      ['T', 'IH', 'M'],
      ['T', 'AY', 'M'],
    ]);
    expect(kateSmith?.pronunciations).toEqual([
      ['K', 'EY', 'T', 'S', 'M', 'IH', 'TH'],
      ['K', 'EY', 'T', 'S', 'M', 'AY', 'TH'],
    ]);
    expect(route?.pronunciations).toEqual([]); // no pronunciation for "route" (or "66")
    expect(tim?.variants).toEqual([]);
  });

  it('adds spelling variants, never the text itself, after the ones already there', () => {
    const g2g = createG2gExpander({ lexicon, g2p, pronunciations: 1, variants: 2 });
    const [tim] = g2g.expand(
      createBiasingList([{ text: 'tim', variants: ['timm'], pronunciations: [['T', 'EH', 'M']] }]),
    ).entries;
    expect(tim?.variants[0]).toBe('timm');
    expect(tim?.variants.length).toBeGreaterThan(1);
    expect(tim?.variants.length).toBeLessThanOrEqual(3);
    expect(tim?.variants).not.toContain('tim');
    expect(tim?.pronunciations).toEqual([
      ['T', 'EH', 'M'],
      ['T', 'IH', 'M'],
    ]);
  });

  it('rejects bad counts', () => {
    for (const bad of [{ pronunciations: -1 }, { variants: 1.5 }]) {
      try {
        createG2gExpander({ lexicon, g2p, ...bad });
        expect.unreachable();
      } catch (e) {
        expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
      }
    }
  });
});
