import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCtcBiasError } from '@ctcbias/core';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContextualAdapter, parseAdapterConfig } from '../src/index.js';
import {
  DEFAULT_ADAPTER_DIR,
  loadAdapter,
  loadAdapterModel,
  loadDefaultAdapter,
} from '../src/node.js';
import { TINY_ADAPTER_DIR } from './helpers.js';

async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );
}

const GOOD = {
  name: 'a',
  entryEncoder: 'entry_encoder.onnx',
  biaser: 'biaser.onnx',
  entryDim: 8,
  maxEntryTokens: 8,
  hidden: { mid: 'hidden_mid', last: 'hidden_last' },
};

describe('parseAdapterConfig', () => {
  it('reads the recipe fields', () => {
    const c = parseAdapterConfig({
      ...GOOD,
      baseModel: 'm',
      steps: 60,
      params: 10,
      gain: 1.5,
      extra: 1,
    });
    expect(c).toEqual({ ...GOOD, baseModel: 'm', steps: 60, params: 10, gain: 1.5 });
  });

  it.each([
    [{ ...GOOD, entryDim: 0 }, /"entryDim" must be a positive integer 0/],
    [{ ...GOOD, maxEntryTokens: 2.5 }, /"maxEntryTokens" must be a positive integer 2\.5/],
    [{ ...GOOD, biaser: '' }, /"biaser" must be a string ""/],
    [{ ...GOOD, hidden: {} }, /"hidden" must map hidden-state names/],
    [{ ...GOOD, hidden: { mid: 3 } }, /"hidden\.mid" must be a string 3/],
    [{ ...GOOD, steps: -1 }, /"steps" must be a non-negative integer -1/],
    [{ ...GOOD, gain: 0 }, /"gain" must be a positive number 0/],
    [[1], /must be a JSON object/],
  ])('rejects %j', (json, message) => {
    expect(() => parseAdapterConfig(json, 'x/adapter.json')).toThrow(message);
    expect(() => parseAdapterConfig(json, 'x/adapter.json')).toThrow(/^x\/adapter\.json: /);
  });
});

describe('loading from a directory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ctcbias-adapter-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects an unknown backend name', async () => {
    const e = await rejection(loadAdapterModel(TINY_ADAPTER_DIR, { backend: 'gpu' as 'node' }));
    expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('loads the tiny adapter with onnxruntime-node by default', async () => {
    const adapter = await loadAdapter(TINY_ADAPTER_DIR, { cacheSize: 3 });
    expect(adapter).toBeInstanceOf(ContextualAdapter);
    expect(adapter.model.config.name).toBe('ctcbias-tiny-test-adapter');
    await adapter.release();
  });

  it('uses an injected runtime and session options', async () => {
    let created = 0;
    const runtime = {
      Tensor: ort.Tensor,
      InferenceSession: {
        create: (bytes: Uint8Array, options?: ort.InferenceSession.SessionOptions) => {
          created++;
          expect(options).toEqual({ executionProviders: ['cpu'], intraOpNumThreads: 1 });
          return ort.InferenceSession.create(bytes, options);
        },
      },
    };
    const model = await loadAdapterModel(TINY_ADAPTER_DIR, {
      backend: { name: 'counting', ort: runtime, sessionOptions: { executionProviders: ['cpu'] } },
      sessionOptions: { intraOpNumThreads: 1 },
    });
    expect(created).toBe(2);
    expect(model.Tensor).toBe(ort.Tensor);
  });

  it('MODEL_ERROR naming adapter.json when the directory holds no adapter', async () => {
    const e = await rejection(loadAdapterModel(join(dir, 'nothing')));
    expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
    expect(e.message).toMatch(/nothing\/adapter\.json: no adapter here: adapter\.json not found/);
  });

  it('MODEL_ERROR naming a missing graph', async () => {
    const d = join(dir, 'no-biaser');
    mkdirSync(d);
    copyFileSync(join(TINY_ADAPTER_DIR, 'adapter.json'), join(d, 'adapter.json'));
    copyFileSync(join(TINY_ADAPTER_DIR, 'entry_encoder.onnx'), join(d, 'entry_encoder.onnx'));
    const e = await rejection(loadAdapterModel(d));
    expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
    expect(e.message).toMatch(/biaser\.onnx: adapter file not found/);
  });

  it('MODEL_ERROR for a graph that is not ONNX, or has the wrong inputs', async () => {
    const d = join(dir, 'swapped');
    mkdirSync(d);
    writeFileSync(
      join(d, 'adapter.json'),
      JSON.stringify({ ...GOOD, biaser: 'entry_encoder.onnx' }),
    );
    copyFileSync(join(TINY_ADAPTER_DIR, 'entry_encoder.onnx'), join(d, 'entry_encoder.onnx'));
    const e = await rejection(loadAdapterModel(d));
    expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
    expect(e.message).toMatch(/biaser entry_encoder\.onnx has no input "hidden_mid"/);

    writeFileSync(join(d, 'junk.onnx'), 'not a model');
    writeFileSync(join(d, 'adapter.json'), JSON.stringify({ ...GOOD, biaser: 'junk.onnx' }));
    const e2 = await rejection(loadAdapterModel(d));
    expect(isCtcBiasError(e2, 'MODEL_ERROR')).toBe(true);
    expect(e2.message).toMatch(/^junk\.onnx: cannot load ONNX graph/);
  });

  it('checks SHA256SUMS: an altered graph is a MODEL_ERROR naming it, unless disabled', async () => {
    const d = join(dir, 'altered');
    mkdirSync(d);
    for (const f of ['adapter.json', 'entry_encoder.onnx', 'biaser.onnx']) {
      copyFileSync(join(TINY_ADAPTER_DIR, f), join(d, f));
    }
    const sha = (f: string) =>
      createHash('sha256')
        .update(readFileSync(join(d, f)))
        .digest('hex');
    writeFileSync(join(d, 'SHA256SUMS'), `${sha('biaser.onnx')}  biaser.onnx\n`);
    expect((await loadAdapterModel(d)).config.biaser).toBe('biaser.onnx');
    writeFileSync(join(d, 'SHA256SUMS'), `${sha('entry_encoder.onnx')}  biaser.onnx\n`);
    const e = await rejection(loadAdapterModel(d));
    expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
    expect(e.message).toMatch(/altered\/biaser\.onnx: checksum mismatch/);
    expect((await loadAdapterModel(d, { verifyChecksums: false })).config.biaser).toBe(
      'biaser.onnx',
    );
  });

  it('PARSE_ERROR for bad adapter.json', async () => {
    const d = join(dir, 'bad-json');
    mkdirSync(d);
    writeFileSync(join(d, 'adapter.json'), '{ nope');
    const e = await rejection(loadAdapterModel(d));
    expect(isCtcBiasError(e, 'PARSE_ERROR')).toBe(true);
    expect(e.message).toMatch(/bad-json\/adapter\.json: adapter\.json is not valid JSON/);
  });

  it('loadDefaultAdapter loads assets/default-adapter, or says it is not embedded yet', async () => {
    expect(DEFAULT_ADAPTER_DIR).toMatch(/packages\/adapter\/assets\/default-adapter$/);
    if (existsSync(join(DEFAULT_ADAPTER_DIR, 'adapter.json'))) {
      const adapter = await loadDefaultAdapter();
      expect(adapter.model.config.maxEntryTokens).toBeGreaterThan(0);
      await adapter.release();
    } else {
      const e = await rejection(loadDefaultAdapter());
      expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
      expect(e.message).toMatch(/default contextual adapter is not embedded in this build/);
    }
  });
});
