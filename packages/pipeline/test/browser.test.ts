import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { fetchBytes } from '@ctcbias/core';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, defaultModelEmbedded } from '../src/load.js';
import { createPipelineFrom } from '../src/load-from.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** Every package a browser page needs, by main entry. */
const BROWSER_PACKAGES = [
  'core',
  'beam',
  'lm-boost',
  'phonetic',
  'lexicon',
  'g2g',
  'encoder',
  'adapter',
  'pipeline',
];

describe('browser-safe main entries', () => {
  it.each(BROWSER_PACKAGES)(
    '@ctcbias/%s bundles for the browser platform without a node: module',
    async (name) => {
      const result = await build({
        entryPoints: [join(ROOT, 'packages', name, 'src', 'index.ts')],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
        conditions: ['@ctcbias/source'],
        // loaded only for backend 'node' (a dynamic import); a page asks for 'web'
        external: ['onnxruntime-node'],
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((i) => i.startsWith('node:') || i.includes('/src/node.ts'))).toEqual([]);
      const imports = Object.values(result.metafile.outputs).flatMap((o) =>
        o.imports.filter((i) => i.external).map((i) => i.path),
      );
      expect(imports.filter((p) => p !== 'onnxruntime-node')).toEqual([]);
    },
    60_000,
  );
});

/** Serves the repository's files over HTTP, as a static host would serve a page's assets. */
const server = createServer(async (req, res) => {
  const path = normalize(
    join(ROOT, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)),
  );
  if (!path.startsWith(ROOT)) {
    res.statusCode = 403;
    res.end();
    return;
  }
  try {
    res.end(await readFile(path));
  } catch {
    res.statusCode = 404;
    res.end();
  }
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server.close());

describe.skipIf(!defaultModelEmbedded())('createPipelineFrom (files over HTTP)', () => {
  it('transcribes like createPipeline over directories, every stage on', async () => {
    const list = ['simila', 'wetaskiwin', 'gorovitz'];
    const wav = 'apps/demo/samples/entity_dev-00000.wav';
    const web = await createPipelineFrom({
      read: fetchBytes(base),
      model: 'packages/encoder/assets/default-model',
      files: {
        adapter: 'packages/adapter/assets/default-adapter',
        lm: 'packages/lm-boost/assets/default-lm.bin',
        g2g: 'packages/g2g/assets/g2p-table.bin',
      },
      stages: 'all',
      backend: 'node',
    });
    const disk = await createPipeline({ stages: 'all' });
    expect(web.stages).toEqual(disk.stages);
    const a = await web.transcribe(wav, list);
    const b = await disk.transcribe(join(ROOT, wav), list);
    expect(a.text).toBe(b.text);
    expect(a.candidates).toEqual(b.candidates);
    expect(a.best.scores).toEqual(b.best.scores);
  }, 60_000);

  it('names a missing file by its URL', async () => {
    await expect(
      createPipelineFrom({ read: fetchBytes(base), model: 'no/such/model', stages: 'none' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', file: 'no/such/model/model.json' });
  });
});
