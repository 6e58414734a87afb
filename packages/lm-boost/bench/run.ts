/**
 * Benchmark of @ctcbias/lm-boost (run on demand, never in tests):
 *
 *   pnpm --filter @ctcbias/lm-boost bench
 *
 * 1. The default LM: binary load time, memory, lookup throughput (queries/s).
 * All times are process CPU time (see `cpuMs`), medians of several runs.
 * 2. The same operations against baselines in this process, on one synthetic 3-gram model:
 *    ARPA parse vs binary load, and the typed-array `NgramLm` vs a naive `Map`-per-n-gram LM.
 * 3. Decoding crafted posteriors with and without the LM, and with and without the BOOST class
 *    (see decode.ts).
 */
import { readFileSync } from 'node:fs';
import {
  buildKneserNey,
  type NgramLm,
  parseArpa,
  readLmBinary,
  writeLmBinary,
} from '../src/index.js';
import { DEFAULT_LM_PATH, readLmBinaryFile } from '../src/node.js';
import { cpuMs } from './cpu-time.js';
import { runDecodeBench } from './decode.js';
import { NaiveLm } from './naive-lm.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf-distributed sampler over `words` (rank 1 most frequent). */
function zipf(words: readonly string[], rand: () => number): () => string {
  const cdf = new Float64Array(words.length);
  let sum = 0;
  for (let i = 0; i < words.length; i++) {
    sum += 1 / (i + 1);
    cdf[i] = sum;
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] as string;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Median CPU ms of `runs` calls. */
function time(f: () => void, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    f();
    ms.push(cpuMs() - t0);
  }
  return median(ms);
}

function memoryMb(f: () => unknown): { value: unknown; mb: number } {
  gc();
  gc();
  const before = process.memoryUsage();
  const value = f();
  gc();
  gc();
  const after = process.memoryUsage();
  const mb =
    (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / 2 ** 20;
  return { value, mb };
}

/** Word sequences of `queries` words in total, sentences of 4–16 words. */
function sentences(sample: () => string, queries: number, rand: () => number): string[][] {
  const out: string[][] = [];
  let n = 0;
  while (n < queries) {
    const len = 4 + Math.floor(rand() * 13);
    out.push(Array.from({ length: len }, sample));
    n += len;
  }
  return out;
}

/** Scores every word of every sentence; returns [queries/s, checksum]. */
function throughput(lm: NgramLm, corpus: string[][]): [number, number] {
  let check = 0;
  let q = 0;
  const ms = time(() => {
    check = 0;
    q = 0;
    for (const words of corpus) {
      let s = lm.start();
      for (const w of words) {
        const r = lm.score(s, w);
        check += r.logProb;
        s = r.state;
        q++;
      }
    }
  }, 5);
  return [(q / ms) * 1000, check];
}

function naiveThroughput(lm: NaiveLm, corpus: string[][]): [number, number] {
  let check = 0;
  let q = 0;
  const ms = time(() => {
    check = 0;
    q = 0;
    for (const words of corpus) {
      const hist = ['<s>'];
      for (const w of words) {
        check += lm.logProb(hist, w);
        hist.push(w);
        q++;
      }
    }
  }, 5);
  return [(q / ms) * 1000, check];
}

const fmt = (x: number, d = 1) => x.toFixed(d);
const rand = rng(20261126);

// 1. The default LM -------------------------------------------------------------------------
const { value, mb: defaultMb } = memoryMb(() => readLmBinaryFile(DEFAULT_LM_PATH));
const lm = value as NgramLm;
const fileBytes = readFileSync(DEFAULT_LM_PATH);
const loadMs = time(() => readLmBinary(fileBytes), 9);
const ioMs = time(() => readFileSync(DEFAULT_LM_PATH), 9);
const vocab = lm.words.filter((w) => !w.startsWith('<') && w !== '</s>');
const corpus = sentences(zipf(vocab, rand), 200_000, rand);
const [qps] = throughput(lm, corpus);
console.log('default LM (assets/default-lm.bin)');
console.log(
  `  order ${lm.order}, n-grams ${lm.counts.join(' / ')}, file ${fmt(fileBytes.length / 2 ** 20, 2)} MB`,
);
console.log(
  `  load: ${fmt(loadMs, 2)} ms from bytes in memory (+ ${fmt(ioMs, 2)} ms reading the file)`,
);
console.log(`  memory after load: ${fmt(defaultMb, 2)} MB (heap + array buffers)`);
console.log(`  lookups: ${fmt(qps / 1e6, 2)} M queries/s (Zipf-sampled words, 200k per run)`);

// 2. Baselines on one synthetic model --------------------------------------------------------
const synthText = sentences(zipf(vocab, rand), 250_000, rand).map((s) => s.join(' '));
const model = buildKneserNey(synthText, { order: 3, discountFallback: [0.5, 1, 1.5] });
const arpa = model.toArpa();
const arpaMs = time(() => parseArpa(arpa), 3);
const synth = parseArpa(arpa);
const bytes = writeLmBinary(synth);
const binMs = time(() => readLmBinary(bytes), 9);
const compactMb = memoryMb(() => parseArpa(arpa)).mb;
const naiveMem = memoryMb(() => new NaiveLm(arpa));
const naive = naiveMem.value as NaiveLm;
const queries = sentences(zipf(vocab, rand), 100_000, rand);
const [fastQps, fastSum] = throughput(synth, queries);
const [naiveQps, naiveSum] = naiveThroughput(naive, queries);
if (Math.abs(fastSum - naiveSum) > 1e-3 * Math.abs(naiveSum)) {
  throw new Error(`NgramLm and NaiveLm disagree: ${fastSum} vs ${naiveSum}`);
}
console.log(
  `synthetic 3-gram (n-grams ${synth.counts.join(' / ')}, ARPA ${fmt(arpa.length / 2 ** 20, 1)} MB)`,
);
console.log(
  `  load: ARPA parse ${fmt(arpaMs)} ms, binary ${fmt(binMs, 2)} ms → binary ${fmt(arpaMs / binMs, 0)}× faster`,
);
console.log(
  `  memory: NgramLm ${fmt(compactMb)} MB, Map per n-gram ${fmt(naiveMem.mb)} MB → ${fmt(naiveMem.mb / compactMb)}× smaller`,
);
console.log(
  `  lookups: NgramLm ${fmt(fastQps / 1e6, 2)} M/s, Map per n-gram ${fmt(naiveQps / 1e6, 2)} M/s → ${fmt(fastQps / naiveQps)}×`,
);

// 3. Decoding with the LM and the BOOST class -------------------------------------------------
await runDecodeBench(lm);
