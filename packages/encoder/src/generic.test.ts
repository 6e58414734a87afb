import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { posteriorsRow } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { copyToTemp, fixture, maxAbsDiff, PLUMBING, readExpected } from '../test/helpers.js';
import type { ModelConfigInput } from './config.js';
import { loadModel } from './load-dir.js';

// Hand-written configs for other models' I/O conventions, run on UNTRAINED plumbing fixtures and
// compared with the torch outputs (log-softmax applied) from make_fixtures.py.
describe('generic CTC models through a hand-written config', () => {
  it('NeMo-style: [1, 80, T] input (BFT), int64 length input, logits output', async () => {
    const config: ModelConfigInput = {
      onnx: 'model.onnx',
      tokens: 'tokens.json',
      input: { name: 'audio_signal', layout: 'BFT', lengthName: 'length' },
      subsampling: 4,
      outputs: { logprobs: 'logits' },
      outputsAreLogProbs: false,
    };
    const enc = await loadModel(config, { baseDir: PLUMBING.nemoLike });
    expect(enc.config.frameShiftSec).toBeCloseTo(0.04, 12); // 4 × 160 / 16000 by default
    const out = await enc.encode(fixture('wav', 'synthetic-odd.wav'));
    const expected = readExpected(PLUMBING.nemoLike);
    expect(out.subword.frames).toBe(expected.frames);
    // logits → log-softmax here; without it rows would be raw logits (not normalised)
    expect(maxAbsDiff(out.subword.logProbs, expected.logprobs.data)).toBeLessThan(1e-4);
    expect(out.phone).toBeUndefined();
    expect(out.hidden).toBeUndefined();
    await enc.release();
  });

  it('Hugging Face wav2vec2-style: raw waveform [1, samples] (BT), normalised, 320× subsampling', async () => {
    const enc = await loadModel(PLUMBING.hfLike);
    expect(enc.config.features.kind).toBe('waveform');
    const out = await enc.encode(fixture('wav', 'synthetic-odd.wav'));
    const expected = readExpected(PLUMBING.hfLike);
    expect(out.subword.frames).toBe(expected.frames); // ⌊(8011 − 400) / 320⌋ + 1 = 24
    expect(out.subword.frameShiftSec).toBe(0.02);
    expect(maxAbsDiff(out.subword.logProbs, expected.logprobs.data)).toBeLessThan(1e-4);
    await enc.release();
  });

  it('our own model through a minimal generic config equals the model.json path', async () => {
    const own = await loadModel(PLUMBING.local);
    const generic = await loadModel(
      {
        onnx: 'model.onnx',
        tokens: 'tokens.json',
        features: {}, // all log-mel defaults = the training features
        input: { name: 'features', layout: 'BTF' },
        subsampling: 4,
        outputs: { logprobs: 'logprobs' },
        outputsAreLogProbs: false, // log-softmax of log-probs is a no-op up to rounding
      },
      { baseDir: PLUMBING.local },
    );
    const wav = fixture('wav', 'synthetic-odd.wav');
    const a = await own.encode(wav);
    const b = await generic.encode(wav);
    expect(maxAbsDiff(a.subword.logProbs, b.subword.logProbs)).toBeLessThan(1e-5);
    expect(b.phone).toBeUndefined();
    await Promise.all([own.release(), generic.release()]);
  });

  it('a sherpa-onnx style tokens.txt ("token id" lines) with the blank given in the config', async () => {
    const dir = await copyToTemp(PLUMBING.nemoLike);
    const json = JSON.parse(await readFile(join(dir, 'tokens.json'), 'utf8'));
    const lines = (json.tokens as string[]).map((t, i) => `${t === '<blk>' ? '<b>' : t} ${i}`);
    await writeFile(join(dir, 'tokens.txt'), `${lines.reverse().join('\n')}\n`);
    const config = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const enc = await loadModel(
      { ...config, tokens: 'tokens.txt', blank: 0 },
      { baseDir: dir, verifyChecksums: false },
    );
    expect(enc.vocabulary.blank).toBe(0);
    expect(enc.vocabulary.token(3)).toBe('\u2581w3');
    const out = await enc.encode(fixture('wav', 'synthetic-odd.wav'));
    expect(posteriorsRow(out.subword, 0).length).toBe(256);
    await enc.release();
  });
});
