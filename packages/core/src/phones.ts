/**
 * The 39 CMUdict (ARPAbet) phones without stress markers, in alphabetical order.
 *
 * ```ts
 * ARPABET_PHONES.length;    // 39
 * stripStress('AH0');       // 'AH'
 * isArpabetPhone('ZH');     // true
 * ```
 */
export const ARPABET_PHONES = [
  'AA',
  'AE',
  'AH',
  'AO',
  'AW',
  'AY',
  'B',
  'CH',
  'D',
  'DH',
  'EH',
  'ER',
  'EY',
  'F',
  'G',
  'HH',
  'IH',
  'IY',
  'JH',
  'K',
  'L',
  'M',
  'N',
  'NG',
  'OW',
  'OY',
  'P',
  'R',
  'S',
  'SH',
  'T',
  'TH',
  'UH',
  'UW',
  'V',
  'W',
  'Y',
  'Z',
  'ZH',
] as const;

export type ArpabetPhone = (typeof ARPABET_PHONES)[number];

const PHONE_SET: ReadonlySet<string> = new Set(ARPABET_PHONES);

/** Removes a trailing CMUdict stress digit (0, 1 or 2): `'EY1'` → `'EY'`. */
export function stripStress(phone: string): string {
  return phone.replace(/[012]$/, '');
}

/** True for one of the 39 stressless ARPAbet phones. */
export function isArpabetPhone(phone: string): phone is ArpabetPhone {
  return PHONE_SET.has(phone);
}
