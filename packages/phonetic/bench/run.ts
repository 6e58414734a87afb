/**
 * Phonetic benchmark: forced-alignment time per hypothesis per second of audio, and rescoring a
 * 16-best list, on synthetic peaky phone posteriors (25 frames/s, ~12 phones/s). Ratios are
 * against a best-path (greedy) pass over the same posteriors, timed in this same run.
 *
 *   pnpm --filter @ctcbias/phonetic bench
 */
import {
  ARPABET_PHONES,
  createBiasingList,
  createPosteriors,
  type Hypothesis,
  type Posteriors,
  type Pronunciation,
  type PronunciationLexicon,
} from '@ctcbias/core';
import {
  alignWords,
  bestPath,
  createPhoneticRescorer,
  ctcWordsLogLikelihood,
  type WordPronunciations,
} from '../src/index.js';

const SYMBOLS = ['<blk>', ...ARPABET_PHONES];
const FRAMES_PER_SEC = 25;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Utterance {
  phone: Posteriors;
  words: string[][]; // the spoken words' phones
}

/** Words of 2-6 phones; each phone spikes on one frame, blanks elsewhere. */
function utterance(seconds: number, rand: () => number): Utterance {
  const frames = seconds * FRAMES_PER_SEC;
  const V = SYMBOLS.length;
  const cols = new Int32Array(frames); // 0 = blank
  const words: string[][] = [];
  let t = 1;
  while (t < frames - 8) {
    const n = 2 + Math.floor(rand() * 5);
    const w: string[] = [];
    for (let i = 0; i < n && t < frames - 1; i++) {
      let c = 1 + Math.floor(rand() * (V - 1));
      if (SYMBOLS[c] === w.at(-1)) c = (c % (V - 1)) + 1;
      cols[t] = c;
      w.push(SYMBOLS[c] as string);
      t += 1 + (rand() < 0.5 ? 1 : 0);
    }
    words.push(w);
    t += 1 + Math.floor(rand() * 3);
  }
  const data = new Float32Array(frames * V);
  for (let f = 0; f < frames; f++) {
    let z = 0;
    const row = new Float64Array(V);
    for (let v = 0; v < V; v++) {
      row[v] = (v === cols[f] ? 40 : 0.5) + rand();
      z += row[v] as number;
    }
    for (let v = 0; v < V; v++) data[f * V + v] = Math.log((row[v] as number) / z);
  }
  return { phone: createPosteriors(data, frames, V, 1 / FRAMES_PER_SEC), words };
}

/**
 * Mean CPU time (user + system of this process) of one call of `f`, in microseconds, after
 * 200 ms of warm-up so the JIT has finished. CPU time, not wall time: the dev machine shares its
 * two cores with a training job and other work, which preempts any call longer than a few ms.
 * Garbage collection is included.
 */
function time(f: () => unknown, minMs = 300): number {
  const warm = performance.now() + 200;
  while (performance.now() < warm) f();
  let n = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < minMs || n < 5) {
    f();
    n++;
  }
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

const rand = mulberry32(6);
{
  // Warm the JIT on every code path first, so the first row does not pay for compilation.
  const w = utterance(10, mulberry32(1));
  const words: WordPronunciations[] = w.words.map((x) => [x, [...x].reverse()]);
  time(() => {
    bestPath(w.phone, SYMBOLS);
    alignWords(w.phone, SYMBOLS, words);
    ctcWordsLogLikelihood(w.phone, SYMBOLS, words);
  }, 300);
}
console.log(
  'phonetic bench — synthetic phone posteriors, 25 frames/s, 40 symbols; CPU µs per call\n',
);
console.log(
  'audio  phones  greedy µs  viterbi µs (×greedy, µs/s audio)  forward µs (×greedy)  2-alt viterbi µs',
);
for (const seconds of [2, 5, 10, 30]) {
  const u = utterance(seconds, rand);
  const one: WordPronunciations[] = u.words.map((w) => [w]);
  // a second pronunciation per word: the last phone swapped
  const two: WordPronunciations[] = u.words.map((w) => [
    w,
    [...w.slice(0, -1), w.at(-1) === 'AH' ? 'IH' : 'AH'],
  ]);
  const phones = u.words.reduce((s, w) => s + w.length, 0);
  const g = time(() => bestPath(u.phone, SYMBOLS));
  const v = time(() => alignWords(u.phone, SYMBOLS, one));
  const f = time(() => ctcWordsLogLikelihood(u.phone, SYMBOLS, one));
  const v2 = time(() => alignWords(u.phone, SYMBOLS, two));
  console.log(
    `${String(seconds).padStart(4)} s  ${String(phones).padStart(6)}  ${g.toFixed(0).padStart(9)}  ` +
      `${v.toFixed(0).padStart(10)} (${(v / g).toFixed(1)}×, ${(v / seconds).toFixed(0)} µs/s)` +
      `  ${f.toFixed(0).padStart(10)} (${(f / g).toFixed(1)}×)  ${v2.toFixed(0).padStart(10)}`,
  );
}

// Rescoring a 16-best list of a 5 s utterance: hypotheses differ in one or two words.
const u = utterance(5, rand);
const names = u.words.map((_, i) => `w${i}`);
const dict = new Map<string, string[][]>();
names.forEach((n, i) => {
  dict.set(n, [u.words[i] as string[]]);
});
const lexicon: PronunciationLexicon = {
  pronounce(word: string, n?: number): readonly Pronunciation[] {
    const prons = (dict.get(word) ?? []).map((phones) => ({
      phones,
      score: 0,
      source: 'dictionary' as const,
    }));
    return prons.slice(0, n ?? prons.length);
  },
};
const nbest: Hypothesis[] = [];
for (let k = 0; k < 15; k++) {
  const words = [...names];
  for (let j = 0; j < 1 + (k % 2); j++) {
    const i = Math.floor(rand() * words.length);
    const alt = `x${k}_${j}`;
    dict.set(alt, [[...(u.words[i] as string[]).slice(1), 'S']]);
    words[i] = alt;
  }
  nbest.push({
    tokens: [],
    text: words.join(' '),
    words: words.map((text, i) => ({ text, startFrame: i, endFrame: i + 1 })),
    score: -0.2 * k,
    scores: { acoustic: -0.2 * k },
  });
}
// The spoken words come last in beam order; rescoring should bring them to the top.
nbest.push({
  tokens: [],
  text: names.join(' '),
  words: names.map((text, i) => ({ text, startFrame: i, endFrame: i + 1 })),
  score: -3,
  scores: { acoustic: -3 },
});
const list = createBiasingList([
  { text: 'zelenskyy', pronunciations: [['Z', 'EH', 'L', 'EH', 'N', 'S', 'K', 'IY']] },
]);
const output = { subword: u.phone, phone: u.phone, phoneSymbols: SYMBOLS };
const vit = createPhoneticRescorer({ lexicon });
const fwd = createPhoneticRescorer({ lexicon, scoring: 'forward' });
const g = time(() => bestPath(u.phone, SYMBOLS));
const single = time(() =>
  alignWords(
    u.phone,
    SYMBOLS,
    u.words.map((w) => [w]),
  ),
);
const pronouncedNbest = nbest.map((h) => h.words.map((w) => dict.get(w.text) as string[][]));
const sixteen = time(() => {
  for (const words of pronouncedNbest) alignWords(u.phone, SYMBOLS, words);
});
const rv = time(() => vit.rescore(nbest, output, list));
const rf = time(() => fwd.rescore(nbest, output, list));
console.log(
  `\nrescore 16-best (15 with 1-2 wrong words, then the spoken words), 5 s audio (${u.words.length} words):`,
);
console.log(
  `  16 bare alignWords calls: ${(sixteen / 1000).toFixed(2)} ms (${(sixteen / single).toFixed(1)}× one alignment)`,
);
console.log(
  `  viterbi: ${(rv / 1000).toFixed(2)} ms  (${(rv / g).toFixed(0)}× greedy, ${(rv / single).toFixed(1)}× one alignment, ${(rv / sixteen).toFixed(2)}× 16 bare calls)`,
);
console.log(
  `  forward: ${(rf / 1000).toFixed(2)} ms  (${(rf / g).toFixed(0)}× greedy, ${(rf / single).toFixed(1)}× one alignment)`,
);
console.log(
  `  top after rescoring: ${vit.rescore(nbest, output, list)[0]?.text === names.join(' ') ? 'the spoken words (ok)' : 'OTHER (unexpected)'}`,
);
