import { createBiasingList } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { EntryPronunciationIndex } from '../src/index.js';

const ph = (s: string) => s.split(' ');

const list = createBiasingList([
  { text: 'kate', pronunciations: [ph('K EY T')] },
  { text: 'cate', weight: 2, pronunciations: [ph('K EY T'), ph('K AE T')] },
  { text: 'zelenskyy', pronunciations: [ph('Z EH L EH N S K IY'), ph('Z AH L EH N S K IY')] },
  { text: 'no pronunciation' },
]);
const index = new EntryPronunciationIndex(list);

describe('EntryPronunciationIndex', () => {
  it('indexes every pronunciation of every entry', () => {
    expect(index.size).toBe(5);
  });

  it('finds exact matches, higher weight first', () => {
    expect(index.lookup(ph('K EY T'))).toEqual([
      { entry: 1, pronunciation: 0, distance: 0 },
      { entry: 0, pronunciation: 0, distance: 0 },
    ]);
    expect(index.lookup(ph('Z AH L EH N S K IY'))).toEqual([
      { entry: 2, pronunciation: 1, distance: 0 },
    ]);
    expect(index.lookup(ph('K IH T'))).toEqual([]);
    expect(index.lookup([])).toEqual([]);
  });

  it('with a tolerance, returns each entry once at its closest pronunciation', () => {
    expect(index.lookup(ph('K AE T'), 1)).toEqual([
      { entry: 1, pronunciation: 1, distance: 0 },
      { entry: 0, pronunciation: 0, distance: 1 },
    ]);
    expect(index.lookup(ph('Z IH L EH N S K IY'), 1)).toEqual([
      { entry: 2, pronunciation: 0, distance: 1 },
    ]);
    // fewer edits than the pronunciation has phones: "S" is not "kate" by 3 substitutions
    expect(index.lookup(ph('S'), 3).map((m) => m.entry)).toEqual([]);
    expect(index.lookup(ph('K T'), 1).map((m) => m.entry)).toEqual([1, 0]);
    expect(() => index.lookup(ph('K'), -1)).toThrow(/maxDistance/);
  });
});
