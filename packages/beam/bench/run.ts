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
}

/**
 * Median ms per utterance of `fn` over all utterances × REPS, after one warm-up pass. Each
 * sample runs `batch` calls (for sub-millisecond functions) and is divided by `batch`.
 */
function timePerUtterance(fn: (p: Posteriors) => unknown, batch = 1): Timing {
  for (const p of utterances) fn(p);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPS; r++) {
    for (const p of utterances) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let b = 0; b < batch; b++) fn(p);
      wall.push((performance.now() - t0) / batch);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000 / batch);
    }
  }
  sampleMemory();
  return { wall: median(wall), cpu: median(cpu) };
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
const compileMs = new Map<number, Timing>();
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
      for (const p of utterances) beamSearch(p, vocab, { beamWidth, scorers });
  }
}
const greedyBefore = timePerUtterance((p) => greedyDecode(p, vocab), 50);

console.log(
  '\ndecode: CPU ms per utterance (wall ms) | CPU ms per second of audio | CPU time ÷ greedy CPU time',
);
console.log(`  ${'beam'.padEnd(6)}${LIST_SIZES.map((n) => `list ${n}`.padStart(30)).join('')}`);
const results = new Map<string, Timing>();
for (const beamWidth of BEAMS) {
  const cells: string[] = [];
  for (const n of LIST_SIZES) {
    const booster = boosters.get(n) as EntityBooster;
    const scorers = n === 0 ? [] : [booster];
    const t = timePerUtterance((p) => beamSearch(p, vocab, { beamWidth, scorers }));
    results.set(`${beamWidth}/${n}`, t);
    cells.push(
      `${fmt(t.cpu)} (${fmt(t.wall)}) | ${fmt(t.cpu / audioSec, 3)} | ${fmt(t.cpu / greedyBefore.cpu, 0)}×`,
    );
  }
  console.log(`  ${String(beamWidth).padEnd(6)}${cells.map((c) => c.padStart(30)).join('')}`);
}
const greedyAfter = timePerUtterance((p) => greedyDecode(p, vocab), 50);
console.log(
  `\ngreedy (per utterance): CPU ${fmt(greedyBefore.cpu, 4)} ms before the table, ` +
    `${fmt(greedyAfter.cpu, 4)} ms after (wall ${fmt(greedyBefore.wall, 4)} / ${fmt(greedyAfter.wall, 4)}); ` +
    'ratios use "before"',
);

const skip = timePerUtterance((p) =>
  beamSearch(p, vocab, {
    beamWidth: 16,
    scorers: [boosters.get(1000) as EntityBooster],
    blankSkipThreshold: 0.999,
  }),
);
console.log(
  `beam 16, list 1k, blankSkipThreshold 0.999: CPU ${fmt(skip.cpu)} ms (wall ${fmt(skip.wall)}), ` +
    `${fmt(skip.cpu / greedyBefore.cpu, 0)}× greedy`,
);

const wenetLike = timePerUtterance((p) =>
  beamSearch(p, vocab, { beamWidth: 20, scorers: [boosters.get(1000) as EntityBooster] }),
);

const get = (k: string) => results.get(k) as Timing;
console.log('\ngoals:');
console.log(
  `  beam 16 + 1k list ≤ 30× greedy:             ${fmt(get('16/1000').cpu / greedyBefore.cpu, 1)}× (CPU), ` +
    `${fmt(get('16/1000').wall / greedyBefore.wall, 1)}× (wall)`,
);
console.log(
  `  100k list ≤ 1.5× the 100-list (beam 16):     ${fmt(get('16/100000').cpu / get('16/100').cpu, 2)}× (CPU), ` +
    `${fmt(get('16/100000').wall / get('16/100').wall, 2)}× (wall)`,
);
const c10k = compileMs.get(10000) as Timing;
console.log(
  `  10k-entry compile ≤ 50 ms:                   ${fmt(c10k.cpu, 2)} ms CPU (${fmt(c10k.wall, 2)} ms wall)`,
);
console.log(
  `  T=300, V=80, beam 20, 1k list:               ${fmt(wenetLike.wall)} ms wall, ${fmt(wenetLike.cpu)} ms CPU — ` +
    "WeNet C++ prefix beam search + context graph ≈ 37 ms is the issue's reference figure, " +
    'a cross-tool number not measured side by side',
);
console.log(
  `\npeak memory (process.memoryUsage, sampled after each measurement): ` +
    `rss ${fmt(peakRss / 2 ** 20, 1)} MiB, heapUsed ${fmt(peakHeap / 2 ** 20, 1)} MiB`,
);
