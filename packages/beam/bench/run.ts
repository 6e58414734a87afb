/**
 * Benchmark of @ctcbias/beam: decode time per second of audio for beam 8/16/32 with biasing
 * lists of 0 … 100k entries, as ratios against greedy decoding measured in the same process;
 * list compile time; peak memory. Synthetic, seeded, realistic (peaky, mostly blank) posteriors.
 *
 *   pnpm --filter @ctcbias/beam bench            # full table
 *   pnpm --filter @ctcbias/beam bench -- --quick # fewer repetitions
 */
import os from 'node:os';
import {
  type BiasingList,
  createBiasingList,
  createPosteriors,
  type Posteriors,
} from '@ctcbias/core';
import {
  beamSearch,
  compileEntityBooster,
  type EntityBooster,
  greedyDecode,
} from '../src/index.js';
import { rng } from '../test/helpers.js';
import { peakyPosteriors, randomWord, syntheticVocab } from '../test/synthetic.js';

const quick = process.argv.includes('--quick');
const T = 300; // frames per utterance (12 s at 40 ms)
const FRAME_SHIFT = 0.04;
const UTTERANCES = 4;
const REPS = quick ? 3 : 7;
const BEAMS = [8, 16, 32];
const LIST_SIZES = [0, 100, 1_000, 10_000, 100_000];
const vocab = syntheticVocab(40, 39); // V = 80, like a small SentencePiece model + blank

// ---- data --------------------------------------------------------------------------------
const rand = rng(2024);
const spokenWords: number[][][] = [];
const utterances: Posteriors[] = [];
for (let u = 0; u < UTTERANCES; u++) {
  const words = Array.from({ length: 80 }, () => randomWord(vocab, rand, 2));
  spokenWords.push(words);
  const p = peakyPosteriors(words.flat(), vocab, 1000 + u, { competitorGap: [0.5, 5] });
  if (p.frames < T) throw new Error('utterance too short');
  utterances.push(
    createPosteriors(p.logProbs.slice(0, T * vocab.size), T, vocab.size, FRAME_SHIFT),
  );
}

/** `n` entries: 10 spoken words (so some boosting happens), the rest random 1–2 word phrases. */
function makeList(n: number): BiasingList {
  const r = rng(7 + n);
  const items = [];
  for (let i = 0; i < n; i++) {
    const tokens =
      i < 10
        ? (spokenWords[i % UTTERANCES]?.[5 + 3 * i] as number[])
        : Array.from({ length: 1 + Math.floor(r() * 2) }, () => randomWord(vocab, r, 2)).flat();
    items.push({ text: `entity ${i}`, tokenizations: [tokens] });
  }
  return createBiasingList(items);
}

// ---- timing helpers ----------------------------------------------------------------------
let peakRss = 0;
let peakHeap = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Timing {
  /** Median wall-clock ms per utterance. */
  wall: number;
  /** Median process CPU ms per utterance (robust to other load on the machine). */
  cpu: number;
  /** Median of per-sample CPU-time ratios to greedy decoding of the same utterance, timed right before. */
  ratio: number;
}

function cpuMs(c: NodeJS.CpuUsage): number {
  return (c.user + c.system) / 1000;
}

/**
 * Medians per utterance of `fn` over all utterances × REPS, after one warm-up pass. Each
 * sample first times greedy decoding of the same utterance (20 calls) and then `fn` (`batch`
 * calls), so the ratio compares runs made under the same machine load.
 */
function timePerUtterance(fn: (p: Posteriors) => unknown, batch = 1): Timing {
  for (const p of utterances) fn(p);
  const wall: number[] = [];
  const cpu: number[] = [];
  const ratio: number[] = [];
  for (let r = 0; r < REPS; r++) {
    for (const p of utterances) {
      const g0 = process.cpuUsage();
      for (let b = 0; b < 20; b++) greedyDecode(p, vocab);
      const greedy = cpuMs(process.cpuUsage(g0)) / 20;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let b = 0; b < batch; b++) fn(p);
      wall.push((performance.now() - t0) / batch);
      const c = cpuMs(process.cpuUsage(c0)) / batch;
      cpu.push(c);
      ratio.push(c / greedy);
    }
  }
  sampleMemory();
  return { wall: median(wall), cpu: median(cpu), ratio: median(ratio) };
}

const fmt = (x: number, d = 2) => x.toFixed(d);
const audioSec = T * FRAME_SHIFT;

// ---- run ---------------------------------------------------------------------------------
console.log(
  `@ctcbias/beam benchmark — T=${T} frames (${audioSec} s of audio), V=${vocab.size}, ` +
    `${UTTERANCES} utterances × ${REPS} reps, medians per utterance; node ${process.version}, ` +
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs\n`,
);

console.log('list compile (compileEntityBooster, median of 5 after 2 warm-up runs):');
const boosters = new Map<number, EntityBooster>();
const compileMs = new Map<number, { wall: number; cpu: number }>();
for (const n of LIST_SIZES) {
  const list = makeList(n);
  const wall: number[] = [];
  const cpu: number[] = [];
  let booster = compileEntityBooster(list, vocab);
  compileEntityBooster(list, vocab);
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    booster = compileEntityBooster(list, vocab);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  sampleMemory();
  boosters.set(n, booster);
  compileMs.set(n, { wall: median(wall), cpu: median(cpu) });
  console.log(
    `  ${String(n).padStart(7)} entries: ${fmt(median(cpu), 3).padStart(9)} ms CPU ` +
      `(${fmt(median(wall), 3)} ms wall), ${booster.automaton.size} automaton nodes`,
  );
}

// Warm-up: let the JIT compile every path before anything is timed.
for (let k = 0; k < 300; k++) greedyDecode(utterances[k % UTTERANCES] as Posteriors, vocab);
for (const beamWidth of BEAMS) {
  for (const n of LIST_SIZES) {
    const scorers = n === 0 ? [] : [boosters.get(n) as EntityBooster];
    for (let k = 0; k < 3; k++)
      for (const p of utterances) beamSearch(p, vocab, { beamWidth, scorers, nBest: 1 });
  }
}
const greedy = timePerUtterance((p) => greedyDecode(p, vocab), 50);

console.log(
  '\ndecode, 1-best output like greedy (nBest 1):\n' +
    '  CPU ms per utterance (wall ms) | CPU ms per second of audio | CPU time ÷ greedy CPU time (paired)',
);
console.log(`  ${'beam'.padEnd(6)}${LIST_SIZES.map((n) => `list ${n}`.padStart(30)).join('')}`);
const results = new Map<string, Timing>();
for (const beamWidth of BEAMS) {
  const cells: string[] = [];
  for (const n of LIST_SIZES) {
    const booster = boosters.get(n) as EntityBooster;
    const scorers = n === 0 ? [] : [booster];
    const t = timePerUtterance((p) => beamSearch(p, vocab, { beamWidth, scorers, nBest: 1 }));
    results.set(`${beamWidth}/${n}`, t);
    cells.push(
      `${fmt(t.cpu)} (${fmt(t.wall)}) | ${fmt(t.cpu / audioSec, 3)} | ${fmt(t.ratio, 0)}×`,
    );
  }
  console.log(`  ${String(beamWidth).padEnd(6)}${cells.map((c) => c.padStart(30)).join('')}`);
}
console.log(
  `\ngreedy (per utterance): CPU ${fmt(greedy.cpu, 4)} ms (wall ${fmt(greedy.wall, 4)} ms), ` +
    `${fmt(greedy.cpu / audioSec, 4)} ms per second of audio`,
);

const booster1k = boosters.get(1000) as EntityBooster;
const variants: [string, Timing][] = [
  [
    'beam 16, list 1k, full n-best (16 hypotheses, entity-tagged)',
    timePerUtterance((p) => beamSearch(p, vocab, { beamWidth: 16, scorers: [booster1k] })),
  ],
  [
    'beam 16, list 1k, nBest 1, blankSkipThreshold 0.999',
    timePerUtterance((p) =>
      beamSearch(p, vocab, {
        beamWidth: 16,
        scorers: [booster1k],
        nBest: 1,
        blankSkipThreshold: 0.999,
      }),
    ),
  ],
];
for (const [label, t] of variants) {
  console.log(`${label}: CPU ${fmt(t.cpu)} ms (wall ${fmt(t.wall)}), ${fmt(t.ratio, 0)}× greedy`);
}

const wenetLike = timePerUtterance((p) =>
  beamSearch(p, vocab, { beamWidth: 20, scorers: [booster1k] }),
);

const get = (k: string) => results.get(k) as Timing;
console.log('\ngoals:');
console.log(
  `  beam 16 + 1k list ≤ 30× greedy:             ${fmt(get('16/1000').ratio, 1)}× (CPU time, paired)`,
);
console.log(
  `  100k list ≤ 1.5× the 100-list (beam 16):     ${fmt(get('16/100000').cpu / get('16/100').cpu, 2)}× (CPU), ` +
    `${fmt(get('16/100000').wall / get('16/100').wall, 2)}× (wall)`,
);
const c10k = compileMs.get(10000) as { wall: number; cpu: number };
console.log(
  `  10k-entry compile ≤ 50 ms:                   ${fmt(c10k.cpu, 2)} ms CPU (${fmt(c10k.wall, 2)} ms wall)`,
);
console.log(
  `  T=300, V=80, beam 20, 1k list:               ${fmt(wenetLike.wall)} ms wall, ${fmt(wenetLike.cpu)} ms CPU — ` +
    "full 20-best; WeNet's C++ prefix beam search + context graph ≈ 37 ms is the issue's " +
    'reference figure — a cross-tool number, not measured side by side',
);
console.log(
  `\npeak memory (process.memoryUsage, sampled after each measurement): ` +
    `rss ${fmt(peakRss / 2 ** 20, 1)} MiB, heapUsed ${fmt(peakHeap / 2 ** 20, 1)} MiB`,
);
