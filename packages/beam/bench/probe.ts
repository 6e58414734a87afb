import { createPosteriors } from '@ctcbias/core';
import { beamSearch, greedyDecode } from '../src/index.js';
import { rng } from '../test/helpers.js';
import { peakyPosteriors, randomWord, syntheticVocab } from '../test/synthetic.js';

const vocab = syntheticVocab(40, 39);
const rand = rng(1);
const words = Array.from({ length: 80 }, () => randomWord(vocab, rand, 2));
const p0 = peakyPosteriors(words.flat(), vocab, 5, { competitorGap: [0.5, 5] });
const p = createPosteriors(p0.logProbs.slice(0, 300 * 80), 300, 80, 0.04);
const cpu = (f: () => unknown, n = 20) => {
  for (let i = 0; i < 3; i++) f();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / n;
};
const g = cpu(() => greedyDecode(p, vocab), 500);
console.log('greedy cpu ms', g.toFixed(4));
const margins = process.argv.slice(2).map(Number);
for (const margin of margins.length ? margins : [10, 8, 6, 5])
  for (const bm of [Infinity, 15, 10]) {
    const ms = cpu(() =>
      beamSearch(p, vocab, {
        beamWidth: 16,
        candidateLogProbMargin: margin,
        beamLogProbMargin: bm,
      }),
    );
    console.log(
      'margin',
      margin,
      'beamMargin',
      bm,
      ms.toFixed(3),
      (ms / g).toFixed(0) + 'x',
      beamSearch(p, vocab, {
        beamWidth: 16,
        candidateLogProbMargin: margin,
        beamLogProbMargin: bm,
      })[0]?.score.toFixed(3),
    );
  }
