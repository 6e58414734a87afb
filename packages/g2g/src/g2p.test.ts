import { describe, expect, it } from 'vitest';
import { trainTinyModel } from '../test/tiny-model.js';
import { G2p } from './g2p.js';

describe('G2p on a model trained on a tiny dictionary', () => {
  const g2p = new G2p(trainTinyModel(3));

  it('reads training words back, best first, with normalized scores', () => {
    const cake = g2p.pronounce('cake', 5);
    expect(cake[0]?.phones).toEqual(['K', 'EY', 'K']);
    for (let i = 1; i < cake.length; i++) {
      expect((cake[i] as { score: number }).score).toBeLessThanOrEqual(
        (cake[i - 1] as { score: number }).score,
      );
    }
    const total = cake.reduce((s, g) => s + Math.exp(g.score), 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
    expect(g2p.pronounce('Fox')[0]?.phones).toEqual(['F', 'AA', 'K', 'S']);
  });

  it('generalizes to unseen words made of seen parts', () => {
    expect(g2p.pronounce('bax', 3).map((g) => g.phones.join(' '))).toContain('B AE K S');
    expect(g2p.pronounce('mope', 3).map((g) => g.phones.join(' '))).toContain('M OW P');
  });

  it('spells phones back into letters, silent e included', () => {
    const spellings = g2p.spell(['K', 'EY', 'P'], 5).map((s) => s.spelling);
    expect(spellings).toContain('cape');
    expect(g2p.spell(['B', 'AA', 'K', 'S'], 3)[0]?.spelling).toBe('box');
  });

  it('returns nothing for no letters, no phones, or k = 0', () => {
    expect(g2p.pronounce('42')).toEqual([]);
    expect(g2p.pronounce('cat', 0)).toEqual([]);
    expect(g2p.spell([])).toEqual([]);
  });

  it('is deterministic', () => {
    expect(g2p.pronounce('kate', 4)).toEqual(g2p.pronounce('kate', 4));
    expect(g2p.spell(['T', 'AY', 'M'], 4)).toEqual(g2p.spell(['T', 'AY', 'M'], 4));
  });
});
