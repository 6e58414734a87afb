/**
 * Builds the committed g2p table `assets/g2p-table.bin` from CMUdict and reports its quality on
 * the held-out 5 % (see `isHeldOut`).
 *
 *   pnpm --filter @ctcbias/g2g build-table            # ~3 min on 2 cores
 *   pnpm --filter @ctcbias/g2g build-table -- --order=4 --out=/tmp/t.bin
 *
 * Steps: CMUdict words of letters and apostrophes (apostrophes dropped, `lettersOf`) → 95 % train
 * / 5 % held out → EM letter↔phone alignment (1 letter ↔ 0–2 phones) → Viterbi alignment of each
 * training pair → modified Kneser–Ney n-gram over the aligned units → 8-bit quantized table →
 * evaluation of the *written* table on the held-out words.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  alignedUnitSequences,
  type TrainingPair,
  trainAligner,
  type UnitShape,
} from '../src/alignment.js';
import { loadCmudict } from '../src/cmudict.js';
import { evaluateG2p, isHeldOut } from '../src/evaluation.js';
import { G2p } from '../src/g2p.js';
import { trainKneserNey } from '../src/kneser-ney.js';
import { lettersOf } from '../src/spelling.js';
import { decodeTable, encodeTable } from '../src/table-format.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    order: { type: 'string', default: '5' },
    iterations: { type: 'string', default: '8' },
    shapes: { type: 'string', default: '1-0,1-1,1-2' },
    out: {
      type: 'string',
      default: fileURLToPath(new URL('../assets/g2p-table.bin', import.meta.url)),
    },
    'eval-limit': { type: 'string' },
  },
});
const order = Number(args.order);
const iterations = Number(args.iterations);
const shapes = (args.shapes as string)
  .split(',')
  .map((s) => s.split('-').map(Number) as unknown as UnitShape);

const seconds = (t: number) => (performance.now() - t) / 1000;
const tStart = performance.now();
const dict = await loadCmudict();
const seen = new Set<string>();
const train: TrainingPair[] = [];
const heldOut = new Map<string, (readonly string[])[]>();
for (const [word, prons] of dict) {
  if (!/^[a-z']+$/.test(word)) continue;
  const letters = lettersOf(word);
  if (letters === '') continue;
  for (const phones of prons) {
    const k = `${letters} ${phones.join(' ')}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (isHeldOut(letters)) {
      const refs = heldOut.get(letters) ?? [];
      refs.push(phones);
      heldOut.set(letters, refs);
    } else {
      train.push({ letters, phones });
    }
  }
}
console.log(
  `CMUdict: ${dict.size} words → ${train.length} training pairs, ${heldOut.size} held-out words`,
);

const tAlign = performance.now();
const aligner = trainAligner(train, {
  shapes,
  iterations,
  onIteration: (i, ll) =>
    console.log(`  EM ${i}: log-likelihood ${ll.toFixed(0)}  (${seconds(tAlign).toFixed(1)} s)`),
});
const { units, sequences, unaligned } = alignedUnitSequences(aligner.model, train);
const alignSeconds = seconds(tAlign);
console.log(
  `alignment: ${alignSeconds.toFixed(1)} s, ${units.length - 2} units, ${unaligned} pairs unaligned`,
);

const tLm = performance.now();
const lm = trainKneserNey(sequences, units, { order });
const lmSeconds = seconds(tLm);
console.log(
  `${order}-gram: ${lmSeconds.toFixed(1)} s, ${lm.size.contexts} contexts, ${lm.size.ngrams} n-grams`,
);

const meta = {
  source: 'CMUdict via cmu-pronouncing-dictionary@3.0.0, stress removed',
  trainingPairs: sequences.length,
  heldOutWords: heldOut.size,
  heldOutRule: 'high 32 bits of fnv1a64(letters) mod 20 == 0',
  shapes: args.shapes as string,
  emIterations: iterations,
  order,
  trainingSeconds: Math.round(alignSeconds + lmSeconds),
};
let bytes = encodeTable(lm, meta);
const g2p = new G2p(decodeTable(bytes).model);
const limit = args['eval-limit'] === undefined ? heldOut.size : Number(args['eval-limit']);
const tEval = performance.now();
const q = evaluateG2p(g2p, [...heldOut].slice(0, limit), 5);
const evalSeconds = seconds(tEval);
const pct = (x: number) => (100 * x).toFixed(2);
console.log(
  `held-out ${q.words} words: top-1 PER ${pct(q.per)} %, top-1 word acc ${pct(q.top1)} %, top-5 word acc ${pct(q.topK)} % (${((1000 * evalSeconds) / q.words).toFixed(1)} ms/word)`,
);
// The single-letter readings (G2p's `singleLetterPrior`) only touch words with a doubled letter:
// compare them with and without on those words.
const doubled = [...heldOut].slice(0, limit).filter(([w]) => /(.)\1/.test(w));
const withReadings = evaluateG2p(g2p, doubled, 5);
const without = evaluateG2p(new G2p(g2p.model, { singleLetterPrior: 0 }), doubled, 5);
console.log(
  `  ${doubled.length} of them with a doubled letter: top-1 PER ${pct(withReadings.per)} / ${pct(without.per)} %, top-1 ${pct(withReadings.top1)} / ${pct(without.top1)} %, top-5 ${pct(withReadings.topK)} / ${pct(without.topK)} % (single-letter readings on / off)`,
);
bytes = encodeTable(lm, {
  ...meta,
  evalWords: q.words,
  top1Per: Number(pct(q.per)),
  top1WordAccuracy: Number(pct(q.top1)),
  top5WordAccuracy: Number(pct(q.topK)),
});
writeFileSync(args.out as string, bytes);
console.log(
  `wrote ${args.out} (${(bytes.length / 1e6).toFixed(2)} MB) in ${seconds(tStart).toFixed(0)} s total`,
);
