import { describe, expect, it } from 'vitest';
import { createBiasingList } from '../biasing-list.js';
import { countPhrase, entityTexts } from './entities.js';
import { entityCounts, entityF1, entityScores } from './entity-f1.js';

describe('entity precision / recall / F1', () => {
  const entities = ['kate smith', 'ibuprofen'];

  it('counts per entry with min(ref, hyp)', () => {
    // ref: kate smith ×1, ibuprofen ×2;  hyp: kate smith ×2, ibuprofen ×1
    // kate smith: TP 1, FP 1, FN 0;  ibuprofen: TP 1, FP 0, FN 1
    expect(
      entityCounts(
        'give kate smith ibuprofen and ibuprofen',
        'give kate smith ibuprofen and kate smith',
        entities,
      ),
    ).toEqual({ tp: 2, fp: 1, fn: 1 });
  });

  it('counts a multi-word entry as one, on word boundaries only', () => {
    // 'kate smithers' is not 'kate smith'; 'kate' alone is nothing; normalized case/space
    expect(entityCounts('Kate  SMITH called', 'kate smithers called', entities)).toEqual({
      tp: 0,
      fp: 0,
      fn: 1,
    });
    expect(countPhrase(['a', 'b', 'a', 'b'], ['a', 'b'])).toBe(2);
    expect(countPhrase(['a', 'a', 'a'], ['a', 'a'])).toBe(1); // non-overlapping
    expect(countPhrase(['ab'], ['a'])).toBe(0);
    expect(countPhrase(['a'], [])).toBe(0);
  });

  it('scores a corpus from summed counts', () => {
    // utt 1: tp 2, fp 1, fn 1 (above);  utt 2: ref ibuprofen, hyp nothing → fn 1;
    // utt 3: no entities anywhere → 0 / 0 / 0
    // total tp 2, fp 1, fn 2 → P = 2/3, R = 2/4 = 0.5, F1 = 2·(2/3)·0.5 / (2/3 + 0.5) = 4/7
    const s = entityF1(
      [
        {
          ref: 'give kate smith ibuprofen and ibuprofen',
          hyp: 'give kate smith ibuprofen and kate smith',
        },
        { ref: 'ibuprofen please', hyp: 'i be profen please' },
        { ref: 'hello', hyp: 'hello' },
      ],
      createBiasingList(entities),
    );
    expect(s).toMatchObject({ tp: 2, fp: 1, fn: 2, recall: 0.5 });
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.f1).toBeCloseTo(4 / 7, 12);
  });

  it('defines the empty cases', () => {
    expect(entityScores({ tp: 0, fp: 0, fn: 0 })).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(entityScores({ tp: 0, fp: 0, fn: 3 })).toMatchObject({ precision: 1, recall: 0, f1: 0 });
    expect(entityScores({ tp: 0, fp: 2, fn: 0 })).toMatchObject({ precision: 0, recall: 1, f1: 0 });
  });

  it('normalizes and dedupes entity texts', () => {
    expect(entityTexts(['Kate  Smith', 'kate smith', ' ', 'ＩＢＵ'])).toEqual([
      'kate smith',
      'ibu',
    ]);
  });
});
