import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EncoderOutput, posteriorsRow } from '@ctcbias/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyToTemp,
  fixture,
  maxAbsDiff,
  PLUMBING,
  readExpected,
  readFixtureSamples,
  tempDir,
  testSignal,
} from '../test/helpers.js';
import { DEFAULT_MODEL_DIR, loadModelDir } from './default-model.js';
import type { Encoder } from './encoder.js';
import { loadModel } from './load-dir.js';

/** log Σ exp(row) for every frame: 0 for proper log-posteriors. */
function rowLogSumExp(p: EncoderOutput['subword']): number[] {
  return Array.from({ length: p.frames }, (_, t) => {
    const row = posteriorsRow(p, t);
    let max = Number.NEGATIVE_INFINITY;
    for (const v of row) max = Math.max(max, v);
    let s = 0;
    for (const v of row) s += Math.exp(v - max);
    return max + Math.log(s);
  });
}

// All models below are UNTRAINED plumbing fixtures (test/fixtures/make_fixtures.py): they check
// shapes, numerics against torch, chunking and errors — not recognition.
describe('plumbing-conformer (CtcModel architecture, untrained)', () => {
  let enc: Encoder;
  beforeAll(async () => {
    enc = await loadModel(PLUMBING.conformer);
  });
  afterAll(async () => enc.release());

  it('loads model.json, tokens.json and the phone list', () => {
    expect(enc.vocabulary.size).toBe(256);
    expect(enc.vocabulary.blank).toBe(0);
    expect(enc.phoneSymbols?.length).toBe(40);
    expect(enc.phoneSymbols?.[0]).toBe('<blk>');
    expect(enc.sampleRate).toBe(16000);
    expect(enc.backend).toBe('node');
  });

  it('WAV → features → ONNX matches the torch model on Python features (all outputs)', async () => {
    const out = await enc.encode(fixture('wav', 'synthetic-odd.wav'));
    const expected = readExpected(PLUMBING.conformer);
    // 48 feature frames → ((48 − 3) // 2 + 1 − 3) // 2 + 1 = 11 output frames
    expect(out.subword.frames).toBe(expected.frames);
    expect(out.subword.frames).toBe(11);
    expect(out.subword.frameShiftSec).toBe(0.04);
    expect(maxAbsDiff(out.subword.logProbs, expected.logprobs.data)).toBeLessThan(1e-4);
    expect(maxAbsDiff(out.phone?.logProbs ?? [], expected.phoneLogprobs?.data ?? [])).toBeLessThan(
      1e-4,
    );
    expect(out.phone?.vocabSize).toBe(40);
    expect(out.phoneSymbols).toBe(enc.phoneSymbols);
    expect(Object.keys(out.hidden ?? {}).sort()).toEqual(['last', 'mid']);
    expect(out.hidden?.mid?.dim).toBe(16);
    expect(maxAbsDiff(out.hidden?.mid?.data ?? [], expected.hiddenMid?.data ?? [])).toBeLessThan(
      1e-4,
    );
    expect(maxAbsDiff(out.hidden?.last?.data ?? [], expected.hiddenLast?.data ?? [])).toBeLessThan(
      1e-4,
    );
  });

  it('samples and the WAV path give the same output', async () => {
    const a = await enc.encode(readFixtureSamples('synthetic-odd.wav'));
    const b = await enc.encode(fixture('wav', 'synthetic-odd.wav'));
    expect(Array.from(a.subword.logProbs)).toEqual(Array.from(b.subword.logProbs));
  });

  it('pads input shorter than the model minimum (7 frames) and rejects empty input', async () => {
    const out = await enc.encode(readFixtureSamples('short-250.wav'));
    expect(out.subword.frames).toBe(1);
    expect(rowLogSumExp(out.subword)[0]).toBeCloseTo(0, 4);
    await expect(enc.encode(new Float32Array(0))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      enc.run({ data: new Float32Array(3 * 80), frames: 3, dim: 80 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(enc.run({ data: new Float32Array(80), frames: 1, dim: 40 })).rejects.toThrow(
      /frames × 80/,
    );
  });

  it('chunked: same shapes as unchunked; frames of the first core away from the seam agree', async () => {
    const x = readFixtureSamples('speech-16k.wav'); // 3.5 s → 87 frames
    const full = await enc.encode(x);
    const chunked = await enc.encode(x, { chunkSeconds: 1.5, contextSeconds: 1 });
    expect(chunked.subword.frames).toBe(full.subword.frames);
    expect(chunked.phone?.frames).toBe(full.phone?.frames);
    expect(chunked.hidden?.last?.data.length).toBe(full.hidden?.last?.data.length);
    for (const v of rowLogSumExp(chunked.subword)) expect(v).toBeCloseTo(0, 4);
    // Core 1 is frames 0–37 (1.5 s); frames ≥ 1 s before its seam saw the same input and positions.
    // Later cores restart this untrained model's absolute positional encoding at 0, so they
    // differ from the unchunked pass: this model's attention is not local (see README).
    const before = 12 * 256;
    expect(maxAbsDiff(chunked.subword.logProbs, full.subword.logProbs, 0, before)).toBeLessThan(
      0.2,
    );
  });
});

describe('chunk stitching (plumbing-local: each output frame sees 7 input frames)', () => {
  let enc: Encoder;
  let full: EncoderOutput;
  const x = testSignal(4.1);
  beforeAll(async () => {
    enc = await loadModel(PLUMBING.local);
    full = await enc.encode(x);
  });
  afterAll(async () => enc.release());

  it('equals unchunked inference exactly, for any chunk and context length', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.1, max: 2.5, noNaN: true }),
        fc.double({ min: 0.0, max: 0.5, noNaN: true }),
        async (chunkSeconds, contextSeconds) => {
          const out = await enc.encode(x, { chunkSeconds, contextSeconds });
          expect(out.subword.frames).toBe(full.subword.frames);
          expect(maxAbsDiff(out.subword.logProbs, full.subword.logProbs)).toBe(0);
          expect(maxAbsDiff(out.phone?.logProbs ?? [], full.phone?.logProbs ?? [])).toBe(0);
          expect(maxAbsDiff(out.hidden?.mid?.data ?? [], full.hidden?.mid?.data ?? [])).toBe(0);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('model validation errors name the file', () => {
  it('vocabulary size ≠ model output classes → MODEL_ERROR naming model and tokens file', async () => {
    const dir = await copyToTemp(PLUMBING.local);
    await rm(join(dir, 'SHA256SUMS'));
    const tokens = JSON.parse(await readFile(join(dir, 'tokens.json'), 'utf8'));
    tokens.tokens.pop();
    await writeFile(join(dir, 'tokens.json'), JSON.stringify(tokens));
    const err = loadModel(dir);
    await expect(err).rejects.toMatchObject({ code: 'MODEL_ERROR', file: join(dir, 'model.onnx') });
    await expect(err).rejects.toThrow(
      /256 classes but the vocabulary \(.*tokens\.json\) has 255 tokens/,
    );
  });

  it('phone list size ≠ phone output → MODEL_ERROR', async () => {
    const dir = await copyToTemp(PLUMBING.local);
    const config = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    config.phones.pop();
    await expect(loadModel(config, { baseDir: dir, verifyChecksums: false })).rejects.toThrow(
      /"phone_logprobs" has 40 classes but "phones" lists 39/,
    );
  });

  it('unknown input or output names → MODEL_ERROR listing the graph’s names', async () => {
    const config = JSON.parse(await readFile(join(PLUMBING.local, 'model.json'), 'utf8'));
    await expect(
      loadModel(
        { ...config, input: { name: 'audio', layout: 'BTF' } },
        { baseDir: PLUMBING.local },
      ),
    ).rejects.toThrow(/no input "audio" \(inputs: features\)/);
    await expect(
      loadModel(
        { ...config, outputs: { ...config.outputs, hidden: { x: 'enc_out' } } },
        { baseDir: PLUMBING.local },
      ),
    ).rejects.toThrow(/no output "enc_out"/);
  });

  it('a corrupt ONNX file → MODEL_ERROR naming it', async () => {
    const dir = await copyToTemp(PLUMBING.local);
    await rm(join(dir, 'SHA256SUMS'));
    await writeFile(join(dir, 'model.onnx'), new Uint8Array(1000).fill(7));
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_ERROR',
      file: join(dir, 'model.onnx'),
    });
  });

  it('a file that does not match SHA256SUMS → MODEL_ERROR naming it', async () => {
    const dir = await copyToTemp(PLUMBING.local);
    const path = join(dir, 'tokens.json');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"p2"', '"q2"'));
    await expect(loadModel(dir)).rejects.toMatchObject({ code: 'MODEL_ERROR', file: path });
    await expect(loadModel(dir)).rejects.toThrow(/checksum mismatch/);
    await expect(loadModel(dir, { verifyChecksums: false })).resolves.toBeDefined();
  });

  it('missing directory → NOT_FOUND; directory without model.json → MODEL_ERROR', async () => {
    const empty = await tempDir();
    await expect(loadModel(join(empty, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadModel(empty)).rejects.toThrow(/has no model\.json/);
  });
});

describe('default model', () => {
  it('DEFAULT_MODEL_DIR is the package’s assets/default-model', () => {
    expect(DEFAULT_MODEL_DIR).toBe(fixture('..', '..', 'assets', 'default-model'));
  });

  it('a model directory without model.onnx → MODEL_ERROR saying the default model is not embedded', async () => {
    const dir = await tempDir();
    await expect(loadModelDir(dir)).rejects.toMatchObject({ code: 'MODEL_ERROR', file: dir });
    await expect(loadModelDir(dir)).rejects.toThrow(/default model is not embedded/);
  });
});
