import { createBiasingList } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { HypothesisPronouncer } from '../src/index.js';
import { hyp, tinyLexicon } from './helpers.js';

const lexicon = tinyLexicon({
  call: ['K AO L'],
  kate: ['K EY T'],
  smith: ['S M IH TH'],
  either: ['IY DH ER', 'AY DH ER', 'IY TH ER'],
});

const list = createBiasingList([
  { text: 'kate smith', pronunciations: [['K', 'EY', 'T', 'S', 'M', 'IH', 'TH']] },
  {
    text: 'zelenskyy',
    variants: ['zelensky', 'zelen sky'],
    pronunciations: [
      ['Z', 'EH', 'L', 'EH', 'N', 'S', 'K', 'IY'],
      ['Z', 'AH', 'L', 'EH', 'N', 'S', 'K', 'IY'],
    ],
  },
  { text: 'nopron' },
]);

describe('HypothesisPronouncer', () => {
  it('pronounces a matched multi-word entry as one unit from the list', () => {
    const spans = new HypothesisPronouncer(list, lexicon).pronounce(
      hyp('call kate#0 smith#0', 0).words,
    );
    expect(spans).toEqual([
      { startWord: 0, endWord: 1, pronunciations: [['K', 'AO', 'L']] },
      { startWord: 1, endWord: 3, pronunciations: list.entries[0]?.pronunciations, entry: 0 },
    ]);
  });

  it('matches multi-word variants, and single-word spellings without WordSpan.entry', () => {
    const p = new HypothesisPronouncer(list, lexicon);
    expect(p.pronounce(hyp('zelen#1 sky#1', 0).words)).toEqual([
      { startWord: 0, endWord: 2, pronunciations: list.entries[1]?.pronunciations, entry: 1 },
    ]);
    expect(p.pronounce(hyp('zelensky', 0).words)).toEqual([
      { startWord: 0, endWord: 1, pronunciations: list.entries[1]?.pronunciations },
    ]);
  });

  it('falls back to the lexicon, caps alternatives, and returns [] for unknown words', () => {
    const p = new HypothesisPronouncer(list, lexicon, { pronunciationsPerWord: 2 });
    expect(p.pronounce(hyp('either qqq kate#0', 0).words)).toEqual([
      {
        startWord: 0,
        endWord: 1,
        pronunciations: [
          ['IY', 'DH', 'ER'],
          ['AY', 'DH', 'ER'],
        ],
      },
      { startWord: 1, endWord: 2, pronunciations: [] },
      // "kate" alone does not spell entry 0, so it is pronounced as a word, keeping its entry
      { startWord: 2, endWord: 3, pronunciations: [['K', 'EY', 'T']], entry: 0 },
    ]);
    // an entry without pronunciations defers to the lexicon
    expect(p.pronounce(hyp('nopron#2', 0).words)).toEqual([
      { startWord: 0, endWord: 1, pronunciations: [], entry: 2 },
    ]);
  });

  it('looks each word up once and rejects bad input', () => {
    const lex = tinyLexicon({ a: ['AH'] });
    const p = new HypothesisPronouncer(list, lex);
    p.pronounce(hyp('a a a', 0).words);
    expect(lex.calls).toBe(1);
    expect(() => p.pronounce(hyp('a#9', 0).words)).toThrow(/missing list entry/);
    expect(() => new HypothesisPronouncer(list, lex, { pronunciationsPerWord: 0 })).toThrow(
      /pronunciationsPerWord/,
    );
  });
});
