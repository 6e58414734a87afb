import { CtcBiasError, isArpabetPhone, stripStress } from '@ctcbias/core';

/**
 * A pronouncing dictionary: lowercase word → its pronunciations (stressless ARPAbet), in the
 * dictionary's order.
 *
 * ```ts
 * const dict = parseCmudict({ tomato: 'T AH0 M EY1 T OW2', 'tomato(2)': 'T AH0 M AA1 T OW2' });
 * dict.get('tomato'); // [['T','AH','M','EY','T','OW'], ['T','AH','M','AA','T','OW']]
 * ```
 */
export type PronouncingDictionary = ReadonlyMap<string, readonly (readonly string[])[]>;

const VARIANT_SUFFIX = /\(\d+\)$/;
const COMMENT = /#.*$/;

/**
 * Parses CMUdict in the shape of the `cmu-pronouncing-dictionary` npm package (`{ word: "K AE1 T",
 * "word(2)": "…" }`): strips the `(n)` variant suffix, `# comments` and the stress digits. Throws
 * `CtcBiasError('PARSE_ERROR')` naming the word for a phone outside the 39 ARPAbet phones.
 */
export function parseCmudict(record: Readonly<Record<string, string>>): PronouncingDictionary {
  const dict = new Map<string, (readonly string[])[]>();
  for (const [key, value] of Object.entries(record)) {
    const word = key.replace(VARIANT_SUFFIX, '').toLowerCase();
    const phones = value.replace(COMMENT, '').trim().split(/\s+/).map(stripStress);
    for (const p of phones) {
      if (!isArpabetPhone(p)) {
        throw new CtcBiasError('PARSE_ERROR', `CMUdict entry "${key}" has an unknown phone`, {
          file: 'cmu-pronouncing-dictionary',
          value: p,
        });
      }
    }
    const prons = dict.get(word);
    if (prons === undefined) dict.set(word, [Object.freeze(phones)]);
    else if (!prons.some((q) => q.join(' ') === phones.join(' ')))
      prons.push(Object.freeze(phones));
  }
  return dict;
}

/**
 * Loads CMUdict from the `cmu-pronouncing-dictionary` npm package (ISC wrapper; the dictionary
 * itself is © Carnegie Mellon University, BSD-style licence). ~134k words; about 0.3 s.
 */
export async function loadCmudict(): Promise<PronouncingDictionary> {
  const { dictionary } = await import('cmu-pronouncing-dictionary');
  return parseCmudict(dictionary);
}
