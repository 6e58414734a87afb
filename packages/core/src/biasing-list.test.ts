import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBiasingList, listFingerprint } from './biasing-list.js';
import { fnv1a64Hex } from './hash.js';

describe('createBiasingList', () => {
  it('normalizes and defaults', () => {
    const list = createBiasingList(['  Kate\tSMITH ', { text: 'Ibuprofen', weight: 2 }]);
    expect(list.entries).toEqual([
      { text: 'kate smith', weight: 1, variants: [], tokenizations: [], pronunciations: [] },
      { text: 'ibuprofen', weight: 2, variants: [], tokenizations: [], pronunciations: [] },
    ]);
    expect(Object.isFrozen(list.entries)).toBe(true);
  });

  it('merges duplicates deterministically', () => {
    const list = createBiasingList([
      { text: 'Kate', weight: 1, variants: ['Cate'], tokenizations: [[5, 6]] },
      'other',
      {
        text: 'KATE',
        weight: 3,
        category: 'contact',
        variants: ['kait', 'cate', 'Kate'],
        tokenizations: [[5, 6], [7]],
        pronunciations: [['K', 'EY', 'T']],
      },
      { text: 'kate', weight: 2, category: 'drug', pronunciations: [['K', 'EY', 'T']] },
    ]);
    expect(list.entries).toHaveLength(2);
    expect(list.entries[0]).toEqual({
      text: 'kate',
      weight: 3,
      category: 'contact',
      variants: ['cate', 'kait'],
      tokenizations: [[5, 6], [7]],
      pronunciations: [['K', 'EY', 'T']],
    });
    expect(list.entries[1]?.text).toBe('other');
  });

  it('rejects bad input', () => {
    const bad = (items: Parameters<typeof createBiasingList>[0]) =>
      expect(() => createBiasingList(items)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    bad(['  ']);
    bad([{ text: 'a', weight: -1 }]);
    bad([{ text: 'a', weight: Number.NaN }]);
    bad([{ text: 'a', weight: Number.POSITIVE_INFINITY }]);
    bad([{ text: 'a', variants: [' '] }]);
    bad([{ text: 'a', tokenizations: [[]] }]);
    bad([{ text: 'a', tokenizations: [[1.5]] }]);
    bad([{ text: 'a', pronunciations: [['K', '']] }]);
    expect(() => createBiasingList([{ text: 'a', weight: Number.NaN }])).toThrow(
      'bad weight for "a" NaN',
    );
  });
});

describe('listFingerprint', () => {
  it('uses FNV-1a 64', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('is stable and content-sensitive', () => {
    const a = createBiasingList(['Kate Smith', { text: 'ibuprofen', weight: 2 }]);
    const b = createBiasingList(['kate  smith', { text: 'IBUPROFEN', weight: 2 }]);
    expect(listFingerprint(a)).toBe(listFingerprint(b));
    expect(listFingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(listFingerprint(a)).toMatchInlineSnapshot(`"2d62a726a9f28bc0"`);
    expect(
      listFingerprint(createBiasingList(['kate smith', { text: 'ibuprofen', weight: 3 }])),
    ).not.toBe(listFingerprint(a));
    expect(
      listFingerprint(createBiasingList([{ text: 'ibuprofen', weight: 2 }, 'kate smith'])),
    ).not.toBe(listFingerprint(a));
  });

  it('equals for equal lists (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => s.trim() !== '')), (texts) => {
        const normal = texts.filter((t) => t.normalize('NFKC').trim() !== '');
        expect(listFingerprint(createBiasingList(normal))).toBe(
          listFingerprint(createBiasingList(normal.map((t) => ` ${t.toUpperCase()} `))),
        );
      }),
    );
  });
});
