import { describe, expect, it } from 'vitest';
import { ARPABET_PHONES, isArpabetPhone, stripStress } from './phones.js';

describe('phones', () => {
  it('has the 39 stressless CMUdict phones', () => {
    expect(ARPABET_PHONES).toHaveLength(39);
    expect(new Set(ARPABET_PHONES).size).toBe(39);
    expect(ARPABET_PHONES.every((p) => /^[A-Z]{1,2}$/.test(p))).toBe(true);
  });

  it('strips stress', () => {
    expect(stripStress('EY1')).toBe('EY');
    expect(stripStress('AH0')).toBe('AH');
    expect(stripStress('K')).toBe('K');
    expect(isArpabetPhone('ZH')).toBe(true);
    expect(isArpabetPhone('EY1')).toBe(false);
  });
});
