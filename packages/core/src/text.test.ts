import { describe, expect, it } from 'vitest';
import { normalizeText, splitWords } from './text.js';

describe('normalizeText', () => {
  it('applies NFKC, lowercases, collapses whitespace and trims', () => {
    expect(normalizeText('  \uff24r.\tJOHN \u00a0 Smith\n')).toBe('dr. john smith');
    expect(normalizeText('\ufb01ne')).toBe('fine'); // ligature
    expect(normalizeText('İSTANBUL')).toBe('i̇stanbul'); // locale-independent
    expect(normalizeText('   ')).toBe('');
  });

  it('is idempotent', () => {
    const s = normalizeText('  Ａｂc\u2003DEF ');
    expect(normalizeText(s)).toBe(s);
  });

  it('splits words', () => {
    expect(splitWords('a b')).toEqual(['a', 'b']);
    expect(splitWords('')).toEqual([]);
  });
});
