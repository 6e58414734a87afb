import { describe, expect, it } from 'vitest';
import { singleLetterReadings } from './g2p.js';
import { lettersOf } from './spelling.js';

describe('lettersOf', () => {
  it('drops accents, case and non-letters', () => {
    expect(lettersOf('José')).toBe('jose');
    expect(lettersOf("O'Brien")).toBe('obrien');
    expect(lettersOf('R2-D2')).toBe('rd');
    expect(lettersOf('42')).toBe('');
  });
});

describe('singleLetterReadings', () => {
  it('is just the word when no letter repeats', () => {
    expect(singleLetterReadings('kate')).toEqual(['kate']);
  });

  it('shortens each run of a repeated letter, then all of them', () => {
    expect(singleLetterReadings('zelenskyy')).toEqual(['zelenskyy', 'zelensky']);
    expect(singleLetterReadings('balloon')).toEqual(['balloon', 'baloon', 'ballon', 'balon']);
    expect(singleLetterReadings('aaa')).toEqual(['aaa', 'a']);
  });
});
