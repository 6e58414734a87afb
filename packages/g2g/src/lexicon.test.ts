import { isCtcBiasError, type Pronunciation } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { trainTinyModel } from '../test/tiny-model.js';
import { parseCmudict } from './cmudict.js';
import { G2p } from './g2p.js';
import { CmuLexicon } from './lexicon.js';

const dict = parseCmudict({
  jean: 'ZH AA1 N',
  'jean(2)': 'JH IY1 N',
  luc: 'L UW1 K',
  tomato: 'T AH0 M EY1 T OW2',
  'tomato(2)': 'T AH0 M AA1 T OW2',
});
const g2p = new G2p(trainTinyModel(3));
const lexicon = new CmuLexicon(dict, g2p);
const show = (ps: readonly Pronunciation[]) => ps.map((p) => `${p.phones.join(' ')}/${p.source}`);

describe('CmuLexicon', () => {
  it('returns every dictionary pronunciation with score 0, in order, at most n', () => {
    expect(lexicon.pronounce('Tomato')).toEqual([
      { phones: ['T', 'AH', 'M', 'EY', 'T', 'OW'], score: 0, source: 'dictionary' },
      { phones: ['T', 'AH', 'M', 'AA', 'T', 'OW'], score: 0, source: 'dictionary' },
    ]);
    expect(lexicon.pronounce('tomato', 1)).toHaveLength(1);
    expect(lexicon.has('TOMATO')).toBe(true);
    expect(lexicon.has('cake')).toBe(false);
  });

  it('falls back to g2p for unknown words: k best, best first, scores ≤ 0', () => {
    const guesses = lexicon.pronounce('cake', 4);
    expect(guesses.length).toBeGreaterThan(1);
    expect(guesses.length).toBeLessThanOrEqual(4);
    expect(guesses[0]).toMatchObject({ phones: ['K', 'EY', 'K'], source: 'g2p' });
    for (const [i, g] of guesses.entries()) {
      expect(g.score).toBeLessThanOrEqual(0);
      if (i > 0) expect(g.score).toBeLessThanOrEqual((guesses[i - 1] as Pronunciation).score);
    }
    expect(lexicon.pronounce('cake')).toEqual(lexicon.pronounce('cake', 3)); // default g2pCount
    expect(new CmuLexicon(dict, g2p, { g2pCount: 1 }).pronounce('cake')).toHaveLength(1);
    expect(lexicon.pronounce('cake', 4)).toBe(lexicon.pronounce('cake', 4)); // cached
  });

  it('pronounces compounds part by part', () => {
    expect(show(lexicon.pronounce('jean-luc'))).toEqual([
      'ZH AA N L UW K/dictionary',
      'JH IY N L UW K/dictionary',
    ]);
    const mixed = lexicon.pronounce('luc-cake', 2);
    expect(show(mixed)[0]).toBe('L UW K K EY K/g2p');
  });

  it('returns [] when nothing can be said, and rejects a bad n', () => {
    expect(lexicon.pronounce('')).toEqual([]);
    expect(lexicon.pronounce('42')).toEqual([]);
    expect(lexicon.pronounce('tomato', 0)).toEqual([]);
    expect(new CmuLexicon(dict).pronounce('cake')).toEqual([]);
    try {
      lexicon.pronounce('cake', 1.5);
      expect.unreachable();
    } catch (e) {
      expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});
