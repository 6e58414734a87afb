import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type BiasingList,
  createBiasingList,
  createPosteriors,
  type EncoderOutput,
} from '@ctcbias/core';
import type { AdapterModel, OnnxSession } from '../src/index.js';

/** The JSON written by the recipe's export (and by fixtures/make_tiny_adapter.py). */
export interface ParityFixture {
  words: string[];
  tokens: number[][];
  lengths: number[];
  entries: number[][];
  frames: number;
  dim: number;
  hiddenMid: number[];
  hiddenLast: number[];
  logprobs: number[];
  attention: number[];
  /** Only in the tiny fixture: crafted frames whose attention rests on <no-bias>. */
  noBias?: {
    frames: number;
    hiddenMid: number[];
    hiddenLast: number[];
    unbiased: number[];
  };
}

export const TINY_ADAPTER_DIR = fileURLToPath(new URL('./fixtures/tiny-adapter', import.meta.url));

export function readFixture(file: string): ParityFixture {
  return JSON.parse(readFileSync(file, 'utf8')) as ParityFixture;
}

export function tinyFixture(): ParityFixture {
  return readFixture(`${TINY_ADAPTER_DIR}/parity.json`);
}

/** True when `dir` holds an adapter (adapter.json and both graphs). */
export function hasAdapter(dir: string): boolean {
  return ['adapter.json', 'entry_encoder.onnx', 'biaser.onnx'].every((f) =>
    existsSync(`${dir}/${f}`),
  );
}

/** The fixture's words, each with its (unpadded) token ids as the only tokenization. */
export function fixtureList(fx: ParityFixture): BiasingList {
  return createBiasingList(
    fx.words.map((text, k) => ({
      text,
      tokenizations: [(fx.tokens[k] as number[]).slice(0, fx.lengths[k])],
    })),
  );
}

/** An encoder output with the given hidden states and flat (uniform) subword posteriors. */
export function encoderOutput(
  mid: readonly number[],
  last: readonly number[],
  frames: number,
  dim: number,
  vocabSize: number,
): EncoderOutput {
  return {
    subword: createPosteriors(
      new Float32Array(frames * vocabSize).fill(-Math.log(vocabSize)),
      frames,
      vocabSize,
      0.04,
    ),
    hidden: {
      mid: { data: Float32Array.from(mid), frames, dim },
      last: { data: Float32Array.from(last), frames, dim },
    },
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Wraps a session so that its runs are counted. */
export function counting(session: OnnxSession): { session: OnnxSession; runs: () => number } {
  let runs = 0;
  return {
    session: {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      run: (feeds) => {
        runs++;
        return session.run(feeds);
      },
    },
    runs: () => runs,
  };
}

/** The model with both sessions wrapped by {@link counting}. */
export function countingModel(model: AdapterModel): {
  model: AdapterModel;
  entryRuns: () => number;
  biaserRuns: () => number;
} {
  const enc = counting(model.entryEncoder);
  const bias = counting(model.biaser);
  return {
    model: { ...model, entryEncoder: enc.session, biaser: bias.session },
    entryRuns: enc.runs,
    biaserRuns: bias.runs,
  };
}
