import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARPABET_PHONES, posteriorsRow } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/helpers.js';
import { DEFAULT_MODEL_DIR, loadDefaultModel } from './default-model.js';

// Runs once the trained model is embedded (recipes/base-model/export.py writes it).
const embedded = existsSync(join(DEFAULT_MODEL_DIR, 'model.onnx'));

describe.skipIf(!embedded)('embedded default model', () => {
  it('loads with verified checksums and honours the model contract', {
    timeout: 30_000,
  }, async () => {
    const enc = await loadDefaultModel();
    expect(enc.phoneSymbols).toEqual(['<blk>', ...ARPABET_PHONES]);
    const out = await enc.encode(fixture('wav', 'speech-16k.wav')); // 352 feature frames
    const frames = Math.floor((Math.floor((352 - 3) / 2) + 1 - 3) / 2) + 1;
    expect(out.subword.frames).toBe(frames);
    expect(out.subword.vocabSize).toBe(enc.vocabulary.size);
    expect(out.phone?.frames).toBe(frames);
    expect(out.hidden?.mid?.frames).toBe(frames);
    expect(out.hidden?.last?.dim).toBe(out.hidden?.mid?.dim);
    const row = posteriorsRow(out.subword, 0);
    expect(row.reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 3);
    await enc.release();
  });
});
