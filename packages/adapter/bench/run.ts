/**
 * Adapter benchmark: entry-encoding time for 100 / 1k / 10k entries, and the per-utterance cost of
 * the adapter (biaser run on 3 s of audio, list already embedded) against the base encoder's own
 * ONNX inference on the same 3 s, measured in this process.
 *
 *   pnpm --filter @ctcbias/adapter bench
 *
 * Environment:
 *   CTCBIAS_ADAPTER_DIR     adapter directory (default: the embedded assets/default-adapter)
 *   CTCBIAS_BASE_MODEL_DIR  base CTC model directory with model.json + model.onnx (default: the
 *                           encoder's assets/default-model). Without one, the baseline is the
 *                           adapter with a 1-entry list and hidden states are seeded random.
 *   CTCBIAS_BENCH_THREADS   onnxruntime intra-op threads for every session (default 1)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BiasingList,
  createBiasingList,
  createPosteriors,
  type EncoderOutput,
} from '@ctcbias/core';
import * as ort from 'onnxruntime-node';
import { ContextualAdapter } from '../src/index.js';
import { DEFAULT_ADAPTER_DIR, loadAdapterModel } from '../src/node.js';

const threads = Number(process.env.CTCBIAS_BENCH_THREADS ?? '1');
const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1 };
const adapterDir = process.env.CTCBIAS_ADAPTER_DIR ?? DEFAULT_ADAPTER_DIR;
const baseDir =
  process.env.CTCBIAS_BASE_MODEL_DIR ??
  fileURLToPath(new URL('../../encoder/assets/default-model', import.meta.url));
const AUDIO_SEC = 3;

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function time(reps: number, f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** `n` synthetic entries: 2–7 random subword ids each (typical names), seeded. */
function syntheticList(n: number, vocab: number, seed: number): BiasingList {
  const r = rng(seed);
  return createBiasingList(
    Array.from({ length: n }, (_, k) => ({
      text: `entry${k}`,
      tokenizations: [
        Array.from({ length: 2 + Math.floor(r() * 6) }, () => 1 + Math.floor(r() * (vocab - 1))),
      ],
    })),
  );
}

interface Base {
  run: () => Promise<EncoderOutput>;
}

/** The base model run directly on 3 s of random log-mel features (its own ONNX inference only). */
async function loadBase(frameShiftSec: number): Promise<Base | undefined> {
  const configFile = join(baseDir, 'model.json');
  if (!existsSync(configFile)) return undefined;
  const cfg = JSON.parse(readFileSync(configFile, 'utf8')) as {
    onnx: string;
    features: { numMels: number; hopLength: number; sampleRate: number };
    input: { name: string };
    outputs: { logprobs: string; hidden?: { mid: string; last: string } };
  };
  if (!existsSync(join(baseDir, cfg.onnx)) || cfg.outputs.hidden === undefined) return undefined;
  const session = await ort.InferenceSession.create(
    new Uint8Array(readFileSync(join(baseDir, cfg.onnx))),
    sessionOptions,
  );
  const frames = Math.round((AUDIO_SEC * cfg.features.sampleRate) / cfg.features.hopLength);
  const r = rng(7);
  const feats = Float32Array.from({ length: frames * cfg.features.numMels }, () => r() * 4 - 8);
  const hidden = cfg.outputs.hidden;
  return {
    run: async () => {
      const out = await session.run({
        [cfg.input.name]: new ort.Tensor('float32', feats, [1, frames, cfg.features.numMels]),
      });
      const lp = out[cfg.outputs.logprobs] as ort.Tensor;
      const mid = out[hidden.mid] as ort.Tensor;
      const last = out[hidden.last] as ort.Tensor;
      const [, t, v] = lp.dims as [number, number, number];
      const d = mid.dims[2] as number;
      return {
        subword: createPosteriors(lp.data as Float32Array, t, v, frameShiftSec),
        hidden: {
          mid: { data: mid.data as Float32Array, frames: t, dim: d },
          last: { data: last.data as Float32Array, frames: t, dim: d },
        },
      };
    },
  };
}

async function main(): Promise<void> {
  if (!existsSync(join(adapterDir, 'adapter.json'))) {
    console.error(
      `no adapter in ${adapterDir}: set CTCBIAS_ADAPTER_DIR (e.g. an untrained export)`,
    );
    process.exit(1);
  }
  const model = await loadAdapterModel(adapterDir, { sessionOptions });
  const frameShiftSec = 0.04;
  const base = await loadBase(frameShiftSec);
  console.log(`adapter: ${adapterDir} (${model.config.name}, entryDim ${model.config.entryDim})`);
  console.log(`base:    ${base ? baseDir : 'none (baseline = adapter with a 1-entry list)'}`);
  console.log(`onnxruntime-node, ${threads} intra-op thread(s); medians\n`);

  // The utterance: base model output on 3 s, or random hidden states of the right width.
  let utt: EncoderOutput;
  if (base) {
    utt = await base.run();
  } else {
    const frames = AUDIO_SEC / frameShiftSec;
    const dim = 144;
    const r = rng(3);
    const h = () => Float32Array.from({ length: frames * dim }, () => r() * 2 - 1);
    const out = await model.biaser.run({
      hidden_mid: new ort.Tensor('float32', h(), [1, 1, dim]),
      hidden_last: new ort.Tensor('float32', h(), [1, 1, dim]),
      entries: new ort.Tensor('float32', new Float32Array(model.config.entryDim), [
        1,
        model.config.entryDim,
      ]),
    });
    const vocab = (out.logprobs as ort.Tensor).dims[2] as number;
    utt = {
      subword: createPosteriors(new Float32Array(frames * vocab), frames, vocab, frameShiftSec),
      hidden: { mid: { data: h(), frames, dim }, last: { data: h(), frames, dim } },
    };
  }
  const vocab = utt.subword.vocabSize;
  console.log(`utterance: ${AUDIO_SEC} s → ${utt.subword.frames} frames, vocab ${vocab}\n`);

  console.log('entry encoding (list not cached; batch 256)');
  console.log('entries   ms        µs/entry');
  for (const [n, reps] of [
    [100, 9],
    [1000, 5],
    [10000, 2],
  ] as const) {
    const list = syntheticList(n, vocab, n);
    const adapter = new ContextualAdapter(model);
    const ms = await time(reps, async () => {
      adapter.clearCache();
      await adapter.embedList(list);
    });
    console.log(
      `${String(n).padEnd(9)} ${ms.toFixed(1).padStart(8)}  ${((ms * 1000) / n).toFixed(1).padStart(8)}`,
    );
  }
  console.log('\nentry batch size, 1000 entries');
  for (const batch of [32, 256, 1000]) {
    const list = syntheticList(1000, vocab, 1000);
    const adapter = new ContextualAdapter(model, { entryBatchSize: batch });
    const ms = await time(3, async () => {
      adapter.clearCache();
      await adapter.embedList(list);
    });
    console.log(`batch ${String(batch).padEnd(5)} ${ms.toFixed(1).padStart(8)} ms`);
  }

  const reps = 15;
  const baseline = base
    ? { name: 'base encoder ONNX (3 s)', ms: await time(reps, () => base.run()) }
    : await (async () => {
        const a = new ContextualAdapter(model);
        const l = syntheticList(1, vocab, 1);
        return { name: 'adapter, 1-entry list', ms: await time(reps, () => a.transform(utt, l)) };
      })();
  console.log(`\nper utterance (${AUDIO_SEC} s audio, list already embedded)`);
  console.log(`${baseline.name.padEnd(44)} ${baseline.ms.toFixed(2).padStart(8)} ms   1.00×`);
  for (const n of [10, 100, 1000, 10000]) {
    const list = syntheticList(n, vocab, n);
    const adapter = new ContextualAdapter(model);
    await adapter.embedList(list);
    const same = await time(reps, () => adapter.transform(utt, list));
    // an equal list rebuilt per utterance: the cache key (listFingerprint) is recomputed
    const items = list.entries.map((e) => ({ text: e.text, tokenizations: [...e.tokenizations] }));
    const equal = await time(Math.min(reps, 5), () =>
      adapter.transform(utt, createBiasingList(items)),
    );
    const build = await time(Math.min(reps, 5), async () => createBiasingList(items));
    const row = (label: string, ms: number) =>
      console.log(
        `${label.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms   ${(ms / baseline.ms).toFixed(2)}×`,
      );
    row(`adapter, ${n} entries (same list object)`, same);
    row(`adapter, ${n} entries (equal list rebuilt)`, equal - build);
  }
}

await main();
