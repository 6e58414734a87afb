import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type AdapterModel,
  ContextualAdapter,
  createAdapterModel,
  getAdapterAttention,
} from '../src/index.js';
import { loadAdapterModel } from '../src/node.js';
import {
  encoderOutput,
  fixtureList,
  hasAdapter,
  maxAbsDiff,
  type ParityFixture,
  readFixture,
  TINY_ADAPTER_DIR,
} from './helpers.js';

const TOLERANCE = 1e-4;

/** Runs the fixture's list and hidden states through the adapter; compares with the torch outputs. */
async function expectParity(model: AdapterModel, fx: ParityFixture): Promise<void> {
  const adapter = new ContextualAdapter(model);
  const list = fixtureList(fx);
  const emb = await adapter.embedList(list);
  expect(emb.rows).toBe(fx.words.length);
  expect(maxAbsDiff(emb.vectors, fx.entries.flat())).toBeLessThanOrEqual(TOLERANCE);

  const vocab = fx.logprobs.length / fx.frames;
  const out = encoderOutput(fx.hiddenMid, fx.hiddenLast, fx.frames, fx.dim, vocab);
  const biased = await adapter.transform(out, list);
  expect(biased.subword.frames).toBe(fx.frames);
  expect(biased.subword.vocabSize).toBe(vocab);
  expect(maxAbsDiff(biased.subword.logProbs, fx.logprobs)).toBeLessThanOrEqual(TOLERANCE);
  const att = getAdapterAttention(biased);
  expect(att?.columns).toBe(fx.words.length + 1);
  expect(maxAbsDiff(att?.weights ?? [], fx.attention)).toBeLessThanOrEqual(TOLERANCE);
}

describe('ONNX parity with the Python adapter', () => {
  it('tiny fixture adapter (onnxruntime-node)', async () => {
    const fx = readFixture(`${TINY_ADAPTER_DIR}/parity.json`);
    await expectParity(await loadAdapterModel(TINY_ADAPTER_DIR), fx);
  });

  // onnxruntime-web compiles a 14 MB WebAssembly module first (3–7 s on a busy 2-core machine),
  // so this backend check runs on request: CTCBIAS_TEST_ORT_WEB=1.
  const web = process.env.CTCBIAS_TEST_ORT_WEB === '1';
  const webNote = web ? '' : ' — SKIPPED: set CTCBIAS_TEST_ORT_WEB=1 to run it';
  it.skipIf(!web)(
    `tiny fixture adapter (onnxruntime-web, WebAssembly)${webNote}`,
    { timeout: 60_000 },
    async () => {
      const ortWeb = await import('onnxruntime-web/wasm');
      ortWeb.env.wasm.numThreads = 1;
      const fx = readFixture(`${TINY_ADAPTER_DIR}/parity.json`);
      const file = (f: string) => new Uint8Array(readFileSync(`${TINY_ADAPTER_DIR}/${f}`));
      const model = await createAdapterModel(
        {
          config: JSON.parse(readFileSync(`${TINY_ADAPTER_DIR}/adapter.json`, 'utf8')),
          entryEncoder: file('entry_encoder.onnx'),
          biaser: file('biaser.onnx'),
        },
        { backend: 'web' },
      );
      await expectParity(model, fx);
    },
  );

  // The trained default adapter and its fixture are written by recipes/adapter/train_adapter.py.
  // CTCBIAS_ADAPTER_DIR / CTCBIAS_ADAPTER_PARITY point this test at another export (e.g. an
  // untrained plumbing export) with its own fixture.
  const dir =
    process.env.CTCBIAS_ADAPTER_DIR ??
    fileURLToPath(new URL('../assets/default-adapter', import.meta.url));
  const fixture =
    process.env.CTCBIAS_ADAPTER_PARITY ??
    fileURLToPath(new URL('./fixtures/parity.json', import.meta.url));
  const missing = [
    hasAdapter(dir) ? undefined : `no adapter in ${dir}`,
    existsSync(fixture) ? undefined : `no fixture ${fixture}`,
  ].filter((m) => m !== undefined);
  const why =
    missing.length === 0
      ? ''
      : ` — SKIPPED: ${missing.join(', ')} (run recipes/adapter/train_adapter.py, or set CTCBIAS_ADAPTER_DIR and CTCBIAS_ADAPTER_PARITY)`;

  it.skipIf(missing.length > 0)(
    `trained default adapter vs test/fixtures/parity.json${why}`,
    async () => {
      await expectParity(await loadAdapterModel(dir), readFixture(fixture));
    },
  );
});
