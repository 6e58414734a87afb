import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { trainTinyModel } from '../test/tiny-model.js';
import { BOS, EOS } from './joint-ngram.js';
import { decodeTable, encodeTable } from './table-format.js';

const expectParseError = (f: () => unknown, text: string) => {
  try {
    f();
    expect.unreachable();
  } catch (e) {
    expect(isCtcBiasError(e, 'PARSE_ERROR')).toBe(true);
    expect(String(e)).toContain(text);
  }
};

describe('encodeTable / decodeTable', () => {
  const model = trainTinyModel(3);
  const bytes = encodeTable(model, { note: 'tiny', words: 37 });

  it('round-trips units, structure and metadata; scores within quantization error', () => {
    const { model: back, meta } = decodeTable(bytes);
    expect(meta).toEqual({ note: 'tiny', words: 37 });
    expect(back.order).toBe(3);
    expect(back.units).toEqual(model.units);
    expect(back.size).toEqual(model.size);
    const V = model.units.length;
    for (let a = 2; a < V; a++) {
      for (let u = 1; u < V; u++) {
        expect(back.logProb([BOS, a], u)).toBeCloseTo(model.logProb([BOS, a], u), 1);
      }
    }
    expect(back.logProb([BOS], EOS)).toBeCloseTo(model.logProb([BOS], EOS), 1);
  });

  it('reads from a Buffer at any byte offset', () => {
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { model: back } = decodeTable(shifted.subarray(3));
    expect(back.size).toEqual(model.size);
  });

  it('rejects bad magic and wrong sizes, naming the file', () => {
    expectParseError(() => decodeTable(new Uint8Array(20), 'x.bin'), 'x.bin: not a g2g table');
    expectParseError(() => decodeTable(bytes.subarray(0, bytes.length - 1), 't.bin'), 't.bin');
  });
});

describe('decodeTable on a corrupted table', () => {
  it('reports inconsistent counts as a parse error of that file', () => {
    const bytes = encodeTable(trainTinyModel(2));
    const view = new DataView(bytes.buffer);
    const jsonLength = view.getUint32(8, true);
    const countsAt = ((12 + jsonLength + 3) & ~3) + 2 * 4 * 256; // after the two codebooks
    view.setUint16(countsAt, view.getUint16(countsAt, true) + 1, true); // root gets a child too many
    expectParseError(() => decodeTable(bytes, 'bad.bin'), 'bad.bin: inconsistent g2g table');
  });
});
