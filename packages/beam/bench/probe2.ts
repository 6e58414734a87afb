import { createBiasingList, createPosteriors } from '@ctcbias/core';
import { beamSearch, compileEntityBooster } from '../src/index.js';
import { rng } from '../test/helpers.js';
import { peakyPosteriors, randomWord, syntheticVocab } from '../test/synthetic.js';

const vocab = syntheticVocab(40, 39);
const rand = rng(1);
const words = Array.from({ length: 80 }, () => randomWord(vocab, rand, 2));
const p0 = peakyPosteriors(words.flat(), vocab, 5, { competitorGap: [0.5, 5] });
const p = createPosteriors(p0.logProbs.slice(0, 300 * 80), 300, 80, 0.04);
const cpu = (f: () => unknown, n = 200) => {
  for (let i = 0; i < 5; i++) f();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) / 1000 / n).toFixed(3);
};
const r = rng(9);
const list = createBiasingList(
  Array.from({ length: 10000 }, (_, i) => ({
    text: `e${i}`,
    tokenizations: [
      Array.from({ length: 1 + Math.floor(r() * 2) }, () => randomWord(vocab, r, 2)).flat(),
    ],
  })),
);
const b = compileEntityBooster(list, vocab);
console.log(
  'compile 10k cpu',
  cpu(() => compileEntityBooster(list, vocab), 20),
);
console.log(
  'nbest16',
  cpu(() => beamSearch(p, vocab, { beamWidth: 16 })),
);
console.log(
  'nbest1',
  cpu(() => beamSearch(p, vocab, { beamWidth: 16, nBest: 1 })),
);
console.log(
  'nbest16 boost10k',
  cpu(() => beamSearch(p, vocab, { beamWidth: 16, scorers: [b] })),
);
console.log(
  'nbest1 boost10k',
  cpu(() => beamSearch(p, vocab, { beamWidth: 16, nBest: 1, scorers: [b] })),
);
