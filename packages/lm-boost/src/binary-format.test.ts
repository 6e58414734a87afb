import { readFileSync } from 'node:fs';
import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { parseArpa } from './arpa-reader.js';
import { LM_BINARY_VERSION, readLmBinary, writeLmBinary } from './binary-format.js';
import type { NgramLm } from './ngram-lm.js';

const text = readFileSync(new URL('../test/fixtures/small.arpa', import.meta.url), 'utf8');
const lm = parseArpa(text);

/** Every (history, word) of the small vocabulary, as ln P. */
function allScores(m: NgramLm): number[] {
  const out: number[] = [];
  const words = ['the', 'cat', 'dog', '<unk>'];
  for (const a of words) {
    for (const b of words) {
      let s = m.start();
      s = m.score(s, a).state;
      s = m.score(s, b).state;
      for (const w of words) out.push(m.score(s, w).logProb);
      out.push(m.end(s));
    }
  }
  return out;
}

function parseErrorOf(bytes: Uint8Array): string {
  try {
    readLmBinary(bytes, 'lm.bin');
  } catch (e) {
    if (isCtcBiasError(e, 'PARSE_ERROR') && e.file === 'lm.bin') return e.reason;
    throw e;
  }
  throw new Error('expected a PARSE_ERROR');
}

describe('LM binary format', () => {
  const bytes = writeLmBinary(lm);

  it('round-trips every probability, the vocabulary and the counts exactly', () => {
    const back = readLmBinary(bytes);
    expect(back.words).toEqual(lm.words);
    expect(back.counts).toEqual(lm.counts);
    expect(back.order).toBe(3);
    expect(allScores(back)).toEqual(allScores(lm));
  });

  it('reads an unaligned copy (byteOffset not a multiple of 4)', () => {
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(allScores(readLmBinary(shifted.subarray(1)))).toEqual(allScores(lm));
  });

  it('is deterministic', () => {
    expect(writeLmBinary(readLmBinary(bytes))).toEqual(bytes);
  });

  it('rejects bad magic, version, sizes and corrupt payloads with clear errors', () => {
    const copy = () => new Uint8Array(bytes);
    const u32 = (b: Uint8Array) => new Uint32Array(b.buffer);
    const badMagic = copy();
    badMagic[0] = 0x58;
    expect(parseErrorOf(badMagic)).toContain('bad magic');
    const newer = copy();
    u32(newer)[1] = LM_BINARY_VERSION + 1;
    expect(parseErrorOf(newer)).toContain('unsupported LM binary version');
    const flipped = copy();
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] as number) ^ 0x10;
    expect(parseErrorOf(flipped)).toContain('checksum mismatch');
    expect(parseErrorOf(bytes.subarray(0, bytes.length - 8))).toContain('payload is');
    expect(parseErrorOf(bytes.subarray(0, 12))).toContain('too short');
    const otherOrder = copy();
    u32(otherOrder)[2] = 0x04030201;
    expect(parseErrorOf(otherOrder)).toContain('byte order');
  });
});
