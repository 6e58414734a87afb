import { readFile } from 'node:fs/promises';
import { createBiasingList } from '@ctcbias/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cmuLexiconFromTable, DEFAULT_TABLE_URL } from '../src/default-table.js';
import { evaluateG2p, isHeldOut } from '../src/evaluation.js';
import type { G2p } from '../src/g2p.js';
import type { CmuLexicon } from '../src/lexicon.js';
import { loadCmuLexicon, loadG2gExpander, loadTable } from '../src/node.js';
import { entryVariants, wordVariants } from '../src/variants.js';

let lexicon: CmuLexicon;
let g2p: G2p;
beforeAll(async () => {
  lexicon = await loadCmuLexicon();
  g2p = lexicon.g2p as G2p;
});

const top = (word: string, k = 1) => g2p.pronounce(word, k).map((g) => g.phones.join(' '));

describe('the committed g2p table', () => {
  it('records how it was built and how well it did', async () => {
    const { meta, model } = await loadTable();
    expect(meta.order).toBe(model.order);
    expect(meta.evalWords).toBeGreaterThan(5000);
    expect(meta.top1Per).toBeLessThanOrEqual(20);
    expect(meta.top5WordAccuracy).toBeGreaterThanOrEqual(75);
  });

  it('builds the same lexicon from the table bytes (the browser path)', async () => {
    const fromBytes = await cmuLexiconFromTable(new Uint8Array(await readFile(DEFAULT_TABLE_URL)));
    for (const word of ['kate', 'zelenskyy', 'gorovitz']) {
      expect(fromBytes.pronounce(word, 3)).toEqual(lexicon.pronounce(word, 3));
    }
  });

  it('pronounces known words', () => {
    expect(top('cat')).toEqual(['K AE T']);
    expect(top('phone')).toEqual(['F OW N']);
    expect(top('knight', 3)).toContain('N AY T');
  });

  it('pronounces a sample of held-out CMUdict words about as well as reported', () => {
    const sample = [...lexicon.dictionary]
      .filter(([w]) => /^[a-z]+$/.test(w) && isHeldOut(w))
      .slice(0, 25);
    const q = evaluateG2p(g2p, sample, 5);
    expect(q.words).toBe(25);
    expect(q.per).toBeLessThan(0.2);
    expect(q.topK).toBeGreaterThan(0.7);
  });

  it('reads an unusual doubled letter as single: zelenskyy ≈ zelensky', () => {
    expect(top('zelenskyy')[0]).toMatch(/^Z .* N S K IY$/);
    expect(top('zelenskyy')).toEqual(top('zelensky'));
  });

  it('spells phones back', () => {
    expect(g2p.spell(['K', 'AE', 'T'], 5).map((s) => s.spelling)).toContain('cat');
  });
});

describe('spelling variants from the committed table', () => {
  it('zelenskyy → zelensky, zelenski', () => {
    const variants = wordVariants('zelenskyy', lexicon, g2p, { count: 5 }).map((v) => v.text);
    expect(variants).toContain('zelensky');
    expect(variants).toContain('zelenski');
    expect(variants).not.toContain('zelenskyy');
  });

  it('kate smith → cate smith first; scores ranked', () => {
    const variants = entryVariants('kate smith', lexicon, g2p, { count: 4 });
    expect(variants[0]?.text).toBe('cate smith');
    for (let i = 1; i < variants.length; i++) {
      expect(variants[i]?.score).toBeLessThanOrEqual(variants[i - 1]?.score as number);
    }
  });

  it('tchaikovsky → chaikovsky', () => {
    const variants = wordVariants('tchaikovsky', lexicon, g2p, { count: 3 }).map((v) => v.text);
    expect(variants).toContain('chaikovsky');
  });
});

describe('loadG2gExpander', () => {
  it('fills in pronunciations and variants end to end', async () => {
    const g2g = await loadG2gExpander({ pronunciations: 2, variants: 3 });
    const [z, ks] = g2g.expand(createBiasingList(['Zelenskyy', 'Kate Smith'])).entries;
    expect(z?.pronunciations.length).toBe(2);
    expect(z?.variants).toContain('zelensky');
    expect(ks?.pronunciations[0]).toEqual(['K', 'EY', 'T', 'S', 'M', 'IH', 'TH']);
    expect(ks?.variants).toContain('cate smith');
  });
});
