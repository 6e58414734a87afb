import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { longestMatchTokenizer, rawPosteriorsBytes, readRawPosteriors } from '../src/index.js';
import { BLANK, emit, id, posteriors, vocab } from './helpers.js';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isCtcBiasError(e) ? `${e.code}: ${e.message}` : 'other error';
  }
  return 'no error';
}

describe('raw posteriors (.f32)', () => {
  const p = posteriors([BLANK, emit('_ka'), BLANK]);

  it('round-trips little-endian float32 frames × vocab', () => {
    const bytes = rawPosteriorsBytes(p);
    expect(bytes.byteLength).toBe(3 * vocab.size * 4);
    expect(new DataView(bytes.buffer).getFloat32(4, true)).toBe(p.logProbs[1]);
    const back = readRawPosteriors(bytes, vocab.size, 'x.f32', 0.02);
    expect(back.frames).toBe(3);
    expect(back.frameShiftSec).toBe(0.02);
    expect(back.logProbs).toEqual(p.logProbs);
  });

  it('names the file when the size is not whole frames', () => {
    const bytes = rawPosteriorsBytes(p);
    expect(errorOf(() => readRawPosteriors(bytes.subarray(0, 10), vocab.size, 'x.f32'))).toBe(
      'PARSE_ERROR: x.f32: size 10 bytes is not a multiple of 4 (float32)',
    );
    expect(errorOf(() => readRawPosteriors(bytes.subarray(0, 8), vocab.size, 'x.f32'))).toContain(
      'x.f32: 2 float32 values are not a whole number of frames of 14',
    );
  });

  it('rejects NaN and +Infinity, naming frame and token', () => {
    const bytes = rawPosteriorsBytes(p);
    new DataView(bytes.buffer).setFloat32((vocab.size + 2) * 4, Number.NaN, true);
    expect(errorOf(() => readRawPosteriors(bytes, vocab.size, 'x.f32'))).toContain(
      'x.f32: frame 1, token 2: not a log-probability',
    );
  });
});

describe('raw posteriors that are not log-probabilities', () => {
  const bytes = () => rawPosteriorsBytes(posteriors([BLANK, emit('_ka'), BLANK]));

  it('rejects an empty file', () => {
    expect(errorOf(() => readRawPosteriors(new Uint8Array(0), vocab.size, 'x.f32'))).toBe(
      'PARSE_ERROR: x.f32: no frames (empty file)',
    );
  });

  it('rejects a frame of all -Infinity, naming it', () => {
    const b = bytes();
    const view = new DataView(b.buffer);
    for (let v = 0; v < vocab.size; v++) view.setFloat32((vocab.size + v) * 4, -Infinity, true);
    expect(errorOf(() => readRawPosteriors(b, vocab.size, 'x.f32'))).toBe(
      'PARSE_ERROR: x.f32: frame 1: every token has probability 0 (all -Infinity)',
    );
  });

  it('rejects rows of zeros (probabilities or logits, not log-probabilities)', () => {
    const zeros = new Uint8Array(3 * vocab.size * 4);
    expect(errorOf(() => readRawPosteriors(zeros, vocab.size, 'x.f32'))).toContain(
      'x.f32: frame 0: not a log-probability distribution (log-sum-exp 2.639, expected 0',
    );
  });

  it('rejects a vocabulary of the wrong width that happens to divide the file', () => {
    // 6 frames of 7 tokens read as 3 frames of 14: each row holds two distributions
    const seven = new Float32Array(6 * 7).fill(Math.log(1 / 7));
    const b = new Uint8Array(seven.buffer);
    expect(errorOf(() => readRawPosteriors(b, 14, 'x.f32'))).toContain(
      'frame 0: not a log-probability distribution (log-sum-exp 0.693',
    );
  });
});

describe('longestMatchTokenizer', () => {
  const tokenize = longestMatchTokenizer(vocab);

  it('cuts ▁word greedily into the longest vocabulary tokens', () => {
    expect(tokenize('kate')).toEqual([id('_ka'), id('te')]);
    expect(tokenize('new york')).toEqual([id('_new'), id('_york')]);
    expect(tokenize('katelyn')).toEqual([id('_ka'), id('te'), id('lyn')]);
  });

  it('names the word it cannot tokenize', () => {
    expect(errorOf(() => tokenize('kzz'))).toBe(
      'INVALID_ARGUMENT: cannot tokenize "kzz" with the vocabulary (nothing matches "\u2581kzz")',
    );
  });
});
