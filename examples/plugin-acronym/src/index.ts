import {
  type BiasingEntry,
  createBiasingList,
  defineStage,
  type ListExpander,
} from '@ctcbias/core';

/** ARPAbet (stressless) names of the letters, as said when spelling a word out. */
export const LETTER_NAMES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  a: ['EY'],
  b: ['B', 'IY'],
  c: ['S', 'IY'],
  d: ['D', 'IY'],
  e: ['IY'],
  f: ['EH', 'F'],
  g: ['JH', 'IY'],
  h: ['EY', 'CH'],
  i: ['AY'],
  j: ['JH', 'EY'],
  k: ['K', 'EY'],
  l: ['EH', 'L'],
  m: ['EH', 'M'],
  n: ['EH', 'N'],
  o: ['OW'],
  p: ['P', 'IY'],
  q: ['K', 'Y', 'UW'],
  r: ['AA', 'R'],
  s: ['EH', 'S'],
  t: ['T', 'IY'],
  u: ['Y', 'UW'],
  v: ['V', 'IY'],
  w: ['D', 'AH', 'B', 'AH', 'L', 'Y', 'UW'],
  x: ['EH', 'K', 'S'],
  y: ['W', 'AY'],
  z: ['Z', 'IY'],
});

/** Options of {@link spellOutAcronyms}. */
export interface AcronymOptions {
  /** Fewest letters of an acronym. */
  readonly minLetters: number;
  /** Most letters of an acronym. */
  readonly maxLetters: number;
}

/**
 * Whether an entry is said letter by letter: a single word of `minLetters`–`maxLetters` letters
 * that is in the list's `[acronym]` category (`ibm`, `nasa`: only the list knows), or that has no
 * vowel at all (`cnn`, `hsbc`: no way to say it as a word).
 */
export function isAcronym(entry: BiasingEntry, options: AcronymOptions): boolean {
  const { text } = entry;
  if (!/^[a-z]+$/.test(text)) return false;
  if (text.length < options.minLetters || text.length > options.maxLetters) return false;
  return entry.category === 'acronym' || !/[aeiouy]/.test(text);
}

/**
 * Gives every acronym of the list what the other stages need to find it said letter by letter:
 * the spelled-out variant (`c n n`: the beam boost, the LM class and the acceptance rule match it,
 * and the transcript shows the entry's own spelling) and the letters' pronunciation, first (the
 * phonetic rescorer, the lexicon rewriter and the acceptance evidence use it). Other entries, the
 * order and the count of entries are unchanged.
 *
 * ```ts
 * const list = spellOutAcronyms(
 *   createBiasingList([{ text: 'ibm', category: 'acronym' }, 'cnn', 'kate']),
 *   { minLetters: 2, maxLetters: 6 },
 * );
 * list.entries[0].variants;        // ['i b m']
 * list.entries[0].pronunciations;  // [['AY', 'B', 'IY', 'EH', 'M']]
 * list.entries[1].variants;        // ['c n n'] (no vowel: an acronym without being told)
 * list.entries[2];                 // kate, unchanged
 * ```
 */
export function spellOutAcronyms(
  list: Parameters<ListExpander['expand']>[0],
  options: AcronymOptions,
) {
  return createBiasingList(
    list.entries.map((e) => {
      if (!isAcronym(e, options)) return e;
      const letters = [...e.text];
      const phones = letters.flatMap((l) => LETTER_NAMES[l] ?? []);
      return {
        ...e,
        variants: [...e.variants, letters.join(' ')],
        pronunciations: [phones, ...e.pronunciations],
      };
    }),
  );
}

/**
 * The `acronym` stage: a list expander that teaches the other stages how acronyms sound when
 * spelled out. Register it and switch it on by name:
 *
 * ```ts
 * import { registerStage } from '@ctcbias/pipeline';
 * import { createPipeline } from '@ctcbias/pipeline/node';
 * import acronymStage from '@ctcbias/plugin-acronym';
 * registerStage(acronymStage);
 * const pipeline = await createPipeline({ stages: 'acronym,boost,lm,phonetic,lexicon' });
 * const r = await pipeline.transcribe('support.wav', [{ text: 'ibm', category: 'acronym' }, 'cnn']);
 * r.text; // 'please call ibm support' when "i b m" was said
 * ```
 *
 * or from the CLI: `ctcbias transcribe support.wav --list l.txt --plugin ./src/index.ts --stages acronym,boost,lm`.
 */
export const acronymStage = defineStage({
  specificationVersion: 'v1',
  name: 'acronym',
  position: 'list-expander',
  description: 'spelled-out variants and letter pronunciations of acronyms (ibm → "i b m")',
  options: {
    minLetters: {
      type: 'number',
      default: 2,
      min: 1,
      integer: true,
      description: 'fewest letters of an acronym',
    },
    maxLetters: {
      type: 'number',
      default: 6,
      min: 1,
      integer: true,
      description: 'most letters of an acronym',
    },
  },
  async load() {
    return {
      create: (options): ListExpander => ({
        name: 'acronym',
        expand: (list) => spellOutAcronyms(list, options),
      }),
    };
  },
});

export default acronymStage;
