import { createBiasingList } from '@ctcbias/core';
import {
  ablationConfigs,
  BUILTIN_STAGES,
  parseStages,
  resolveParams,
  StageRegistry,
} from '@ctcbias/pipeline';
import { createPipeline } from '@ctcbias/pipeline/node';
import { describe, expect, it } from 'vitest';
import acronymStage, { isAcronym, spellOutAcronyms } from '../src/index.js';

const OPTIONS = { minLetters: 2, maxLetters: 6 };

describe('spellOutAcronyms', () => {
  it('adds the spelled-out variant and the letters’ pronunciation first', () => {
    const list = spellOutAcronyms(
      createBiasingList([
        { text: 'ibm', category: 'acronym' },
        { text: 'nasa', category: 'acronym' },
        'kate',
        { text: 'cnn', pronunciations: [['K', 'AH', 'N']] },
      ]),
      OPTIONS,
    );
    expect(list.entries.map((e) => e.variants)).toEqual([['i b m'], ['n a s a'], [], ['c n n']]);
    expect(list.entries[0]?.pronunciations).toEqual([['AY', 'B', 'IY', 'EH', 'M']]);
    // an existing pronunciation is kept, after the spelled-out one
    expect(list.entries[3]?.pronunciations).toEqual([
      ['S', 'IY', 'EH', 'N', 'EH', 'N'],
      ['K', 'AH', 'N'],
    ]);
    expect(list.entries[2]).toEqual(createBiasingList(['kate']).entries[0]);
  });

  it('takes only single words of minLetters–maxLetters letters', () => {
    const entry = (text: string) => {
      const [e] = createBiasingList([text]).entries;
      if (e === undefined) throw new Error('no entry');
      return e;
    };
    expect(isAcronym(entry('hsbc'), OPTIONS)).toBe(true);
    expect(isAcronym(entry('ibm'), OPTIONS)).toBe(false); // a vowel: only its category says so
    expect(isAcronym(entry('kate'), OPTIONS)).toBe(false); // has vowels, no [acronym] category
    expect(isAcronym(entry('st louis'), OPTIONS)).toBe(false);
    expect(isAcronym(entry('b'), OPTIONS)).toBe(false);
    expect(isAcronym(entry('bcdfghj'), OPTIONS)).toBe(false);
    expect(isAcronym(entry('bcdfghj'), { minLetters: 2, maxLetters: 7 })).toBe(true);
  });
});

describe('acronymStage in a registry', () => {
  const registry = new StageRegistry(BUILTIN_STAGES).with(acronymStage);

  it('joins the list expanders, the stage keywords, the ablation and the params', () => {
    expect(registry.names()).toEqual([
      'g2g',
      'acronym',
      'adapter',
      'boost',
      'lm',
      'phonetic',
      'lexicon',
    ]);
    expect(registry.cumulativeOrder().slice(-2)).toEqual(['g2g', 'acronym']);
    expect(() => registry.with({ ...acronymStage, specificationVersion: 'v2' } as never)).toThrow(
      /contract v2; this pipeline supports v1/,
    );
    expect(parseStages('all', registry)).toContain('acronym');
    expect(parseStages('boost,acronym', registry)).toEqual(['acronym', 'boost']);
    const labels = ablationConfigs(parseStages('boost,acronym', registry), registry).map(
      (c) => c.label,
    );
    expect(labels.some((l) => l.includes('acronym'))).toBe(true);
    expect(resolveParams({ acronym: { maxLetters: 4 } }, registry).acronym).toEqual({
      minLetters: 2,
      maxLetters: 4,
    });
    expect(() => resolveParams({ acronym: { maxLetters: 2.5 } }, registry)).toThrow(/integer/);
  });

  it('prepares a list for the embedded model: the letters are tokenized as a variant', async () => {
    const pipeline = await createPipeline({ stages: 'acronym,boost', registry });
    const prepared = pipeline.prepareList([{ text: 'ibm', category: 'acronym' }, 'kate']);
    expect(prepared.trace.map((t) => t.step)).toEqual(['acronym', 'tokenize']);
    const ibm = prepared.list.entries[0];
    expect(ibm?.variants).toEqual(['i b m']);
    // one tokenization of the entry itself, one (at least) of its spelled-out variant
    expect(ibm?.tokenizations.length).toBeGreaterThanOrEqual(2);
    expect(prepared.list.entries[1]?.variants).toEqual([]);
  });
});
