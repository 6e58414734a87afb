import { describe, expect, it } from 'vitest';
import { CtcBiasError } from './errors.js';
import { Vocabulary, WORD_BOUNDARY } from './vocabulary.js';

const json = { tokens: ['<blk>', '<unk>', '\u2581a', 'b', '\u2581ab'], blank: 0, unk: 1 };

describe('Vocabulary', () => {
  it('looks tokens up both ways and knows word starts', () => {
    const v = Vocabulary.fromJson(json);
    expect(WORD_BOUNDARY).toBe('\u2581');
    expect(v.size).toBe(5);
    expect(v.idOf('\u2581ab')).toBe(4);
    expect(v.idOf('zz')).toBeUndefined();
    expect(v.token(3)).toBe('b');
    expect(v.isWordStart(2)).toBe(true);
    expect(v.isWordStart(3)).toBe(false);
    expect(v.isWordStart(99)).toBe(false);
    expect(() => v.token(5)).toThrow(CtcBiasError);
  });

  it('round-trips through JSON', () => {
    const v = Vocabulary.fromJson(json);
    const again = Vocabulary.fromJson(JSON.parse(JSON.stringify(v)));
    expect(again.toJSON()).toEqual(json);
    expect(again.tokens).toEqual(v.tokens);
  });

  it('finds <unk> by name, or has none', () => {
    expect(Vocabulary.fromJson({ tokens: ['<blk>', 'x', '<unk>'], blank: 0 }).unk).toBe(2);
    const none = Vocabulary.fromJson({ tokens: ['<blk>', 'x'], blank: 0 });
    expect(none.unk).toBe(-1);
    expect(none.toJSON()).toEqual({ tokens: ['<blk>', 'x'], blank: 0 });
  });

  it('validates', () => {
    const bad: unknown[] = [
      null,
      { tokens: 'ab', blank: 0 },
      { tokens: ['a'], blank: '0' },
      { tokens: [], blank: 0 },
      { tokens: ['a', 'b'], blank: 2 },
      { tokens: ['a', 'b'], blank: 0.5 },
      { tokens: ['a', 'a'], blank: 0 },
      { tokens: ['a', 'b'], blank: 0, unk: 0 },
      { tokens: ['a', 'b'], blank: 0, unk: 7 },
      { tokens: ['a', 3], blank: 0 },
    ];
    for (const j of bad) {
      expect(() => Vocabulary.fromJson(j), JSON.stringify(j)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });
});
