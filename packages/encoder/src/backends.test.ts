import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-common';
import { Tensor } from 'onnxruntime-common';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { fixture, maxAbsDiff, PLUMBING, tempDir } from '../test/helpers.js';
import type { Backend, OrtModule } from './backend.js';
import { loadModel } from './load-dir.js';

// WASM compilation takes seconds (more on a loaded machine): generous timeouts.
describe('backends (untrained plumbing fixtures)', { timeout: 60_000 }, () => {
  it('onnxruntime-web (WASM, in Node) gives the same output as onnxruntime-node', async () => {
    const wav = fixture('wav', 'speech-16k.wav');
    const node = await loadModel(PLUMBING.conformer);
    const web = await loadModel(PLUMBING.conformer, { backend: 'web' });
    expect(web.backend).toBe('web');
    const a = await node.encode(wav);
    const b = await web.encode(wav, { chunkSeconds: 1.5, contextSeconds: 0.5 });
    const c = await node.encode(wav, { chunkSeconds: 1.5, contextSeconds: 0.5 });
    expect(b.subword.frames).toBe(a.subword.frames);
    expect(maxAbsDiff(b.subword.logProbs, c.subword.logProbs)).toBeLessThan(1e-4);
    expect(maxAbsDiff(b.hidden?.mid?.data ?? [], c.hidden?.mid?.data ?? [])).toBeLessThan(1e-4);
    await Promise.all([node.release(), web.release()]);
  });

  it('an injected Backend object (onnxruntime-web module) is used as given', async () => {
    ortWeb.env.wasm.numThreads = 1;
    const backend: Backend = {
      name: 'my-web',
      ort: ortWeb,
      sessionOptions: { executionProviders: ['wasm'] },
    };
    const enc = await loadModel(PLUMBING.local, { backend });
    expect(enc.backend).toBe('my-web');
    const out = await enc.encode(fixture('wav', 'synthetic-odd.wav'));
    expect(out.subword.frames).toBe(11);
    await enc.release();
  });

  it('unknown backend name → INVALID_ARGUMENT', async () => {
    await expect(
      loadModel(PLUMBING.local, { backend: 'gpu' as unknown as 'node' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

/** A fake onnxruntime whose session returns `values` for every run (shape [1, frames, dim]). */
function fakeOrt(
  outputs: Record<string, { dim: number; fill: (t: number, v: number) => number }>,
): OrtModule {
  const session = {
    inputNames: ['features'],
    outputNames: Object.keys(outputs),
    outputMetadata: Object.keys(outputs).map((name) => ({
      name,
      isTensor: true,
      type: 'float32',
      shape: [1, 'frames', 'dim'],
    })),
    async run(feeds: Record<string, Tensor>) {
      const frames = Math.floor(((feeds.features?.dims[1] as number) - 3) / 4);
      const result: Record<string, Tensor> = {};
      for (const [name, { dim, fill }] of Object.entries(outputs)) {
        const data = Float32Array.from({ length: frames * dim }, (_, i) =>
          fill(Math.floor(i / dim), i % dim),
        );
        result[name] = new Tensor('float32', data, [1, frames, dim]);
      }
      return result;
    },
    async release() {},
  };
  return {
    Tensor,
    InferenceSession: { create: async () => session as unknown as InferenceSession },
  };
}

describe('output validation (fake backend)', () => {
  async function modelDir(vocab: number): Promise<string> {
    const dir = join(await tempDir(), 'fake');
    await mkdir(dir);
    await writeFile(join(dir, 'model.onnx'), 'not used by the fake backend');
    await writeFile(
      join(dir, 'tokens.json'),
      JSON.stringify({ tokens: Array.from({ length: vocab }, (_, i) => `t${i}`), blank: 0 }),
    );
    return dir;
  }
  const config = {
    onnx: 'model.onnx',
    tokens: 'tokens.json',
    input: { name: 'features', layout: 'BTF' },
    subsampling: 4,
    outputs: { logprobs: 'logprobs' },
  } as const;

  it('NaN in the output → MODEL_ERROR naming the model file and frame', async () => {
    const dir = await modelDir(4);
    const ort = fakeOrt({
      logprobs: { dim: 4, fill: (t) => (t === 5 ? Number.NaN : Math.log(0.25)) },
    });
    const enc = await loadModel(config, { baseDir: dir, backend: { name: 'fake', ort } });
    const err = enc.encode(new Float32Array(16000));
    await expect(err).rejects.toMatchObject({ code: 'MODEL_ERROR', file: join(dir, 'model.onnx') });
    await expect(err).rejects.toThrow(/"logprobs" contains NaN at frame 5/);
  });

  it('vocabulary mismatch only visible at run time (dynamic class axis) → MODEL_ERROR', async () => {
    const dir = await modelDir(5);
    const ort = fakeOrt({ logprobs: { dim: 4, fill: () => Math.log(0.25) } });
    const enc = await loadModel(config, { baseDir: dir, backend: { name: 'fake', ort } });
    await expect(enc.encode(new Float32Array(16000))).rejects.toThrow(
      /"logprobs" has 4 classes but the vocabulary \(.*tokens\.json\) has 5 tokens/,
    );
  });

  it('wrong subsampling (too few output frames for a chunk) → MODEL_ERROR', async () => {
    const dir = await modelDir(4);
    const ort = fakeOrt({ logprobs: { dim: 4, fill: () => Math.log(0.25) } });
    const enc = await loadModel(
      { ...config, subsampling: 2 },
      { baseDir: dir, backend: { name: 'fake', ort } },
    );
    await expect(
      enc.encode(new Float32Array(16000 * 3), { chunkSeconds: 1, contextSeconds: 0.2 }),
    ).rejects.toThrow(/is "subsampling" \(2\) right\?/);
  });
});
