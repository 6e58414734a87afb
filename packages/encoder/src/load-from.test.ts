import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtcBiasError, type ReadBytes } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from './default-model.js';
import { loadModelFrom } from './load.js';
import { loadModel } from './load-dir.js';
import { decodeWav } from './wav.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', 'wav', name);

/** The default model's files served from memory, as a browser's fetch would serve them. */
async function inMemory(): Promise<ReadBytes & { asked: string[] }> {
  const files = new Map<string, Uint8Array>();
  for (const name of ['model.json', 'model.onnx', 'tokens.json']) {
    files.set(name, await readFile(join(DEFAULT_MODEL_DIR, name)));
  }
  const asked: string[] = [];
  const read = async (path: string) => {
    asked.push(path);
    const bytes = files.get(path);
    if (bytes === undefined) throw new CtcBiasError('NOT_FOUND', 'no such file', { file: path });
    return bytes;
  };
  return Object.assign(read, { asked });
}

describe('loadModelFrom (the browser-safe loader)', () => {
  it('loads through a reader and encodes the same as loadModel(dir)', async () => {
    const read = await inMemory();
    const fromBytes = await loadModelFrom(read, { locate: (p) => `mem:${p}` });
    expect(read.asked).toEqual(['model.json', 'tokens.json', 'model.onnx']);
    expect(fromBytes.files.onnx).toBe('mem:model.onnx');
    const fromDir = await loadModel(DEFAULT_MODEL_DIR);
    const wav = decodeWav(await readFile(fixture('speech-16k.wav')), 'speech-16k.wav', {
      sampleRate: fromBytes.sampleRate,
    });
    const a = await fromBytes.encode(wav.samples);
    const b = await fromDir.encode(fixture('speech-16k.wav'));
    expect(a.subword.frames).toBeGreaterThan(10);
    expect(Array.from(a.subword.logProbs)).toEqual(Array.from(b.subword.logProbs));
    // no file reader: a path is refused with the way out
    await expect(fromBytes.encode('call.wav')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      file: 'call.wav',
    });
    await fromBytes.release();
    await fromDir.release();
  });

  it('names the missing file as the reader located it', async () => {
    const read = await inMemory();
    await expect(
      loadModelFrom(
        (p) =>
          p === 'tokens.json' ? Promise.reject(new CtcBiasError('NOT_FOUND', 'gone')) : read(p),
        {
          locate: (p) => `https://example.org/m/${p}`,
        },
      ),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('cannot read tokens file'),
      file: 'https://example.org/m/tokens.json',
    });
  });
});
