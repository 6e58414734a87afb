import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { parseCmudict } from './cmudict.js';

describe('parseCmudict', () => {
  it('strips stress, variant suffixes and comments, keeping dictionary order', () => {
    const dict = parseCmudict({
      tomato: 'T AH0 M EY1 T OW2',
      'tomato(2)': 'T AH0 M AA1 T OW2',
      aalborg: 'AO1 L B AO0 R G # place, danish',
    });
    expect(dict.get('tomato')).toEqual([
      ['T', 'AH', 'M', 'EY', 'T', 'OW'],
      ['T', 'AH', 'M', 'AA', 'T', 'OW'],
    ]);
    expect(dict.get('aalborg')).toEqual([['AO', 'L', 'B', 'AO', 'R', 'G']]);
  });

  it('merges variants that differ only in stress', () => {
    const dict = parseCmudict({ record: 'R EH1 K ER0 D', 'record(2)': 'R EH0 K ER1 D' });
    expect(dict.get('record')).toEqual([['R', 'EH', 'K', 'ER', 'D']]);
  });

  it('names the entry with an unknown phone', () => {
    try {
      parseCmudict({ cat: 'K AE1 T', 'dog(2)': 'D QQ G' });
      expect.unreachable();
    } catch (e) {
      expect(isCtcBiasError(e, 'PARSE_ERROR')).toBe(true);
      expect(String(e)).toContain('dog(2)');
      expect(String(e)).toContain('"QQ"');
    }
  });
});
