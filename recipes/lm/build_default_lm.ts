// Builds the default English LM of @ctcbias/lm-boost with its own modified Kneser-Ney builder.
//
//   pnpm tsx --conditions=@ctcbias/source recipes/lm/build_default_lm.ts [--order 3] [--min-count 2] [--prune 0,0,1]
//
// Input: recipes/base-model/work/text/lm_train.txt (Brown-corpus sentences + template sentences,
// written by recipes/base-model/prepare_text.mjs). The held-out evaluation entities
// (entities_heldout.txt) must be absent from it — checked here, and checked again on the model.
// Output: packages/lm-boost/assets/default-lm.bin (binary format) and
// recipes/lm/work/default-lm.arpa (not committed). Prints perplexity on test_seen.txt.
import { createWriteStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeText, splitWords } from '../../packages/core/src/index.js';
import { buildKneserNey, perplexity, writeLmBinary } from '../../packages/lm-boost/src/index.js';
import { readArpaFile, readLmBinaryFile } from '../../packages/lm-boost/src/node.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const textDir = join(repo, 'recipes/base-model/work/text');
const workDir = join(repo, 'recipes/lm/work');
const outBin = join(repo, 'packages/lm-boost/assets/default-lm.bin');
const MAX_BYTES = 10 * 1024 * 1024;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const order = Number(arg('order', '3'));
const minCount = Number(arg('min-count', '2'));
const prune = arg('prune', '0,0,1').split(',').map(Number);

const readLines = (f: string) =>
  readFileSync(join(textDir, f), 'utf8')
    .split('\n')
    .map(normalizeText)
    .filter((l) => l !== '');

const train = readLines('lm_train.txt');
const heldout = new Set(readLines('entities_heldout.txt'));
const testSeen = readLines('test_seen.txt');

// 1. The held-out entities must not occur in the LM text.
for (const [i, line] of train.entries()) {
  for (const w of splitWords(line)) {
    if (heldout.has(w)) throw new Error(`lm_train.txt:${i + 1}: held-out entity "${w}"`);
  }
}
// The evaluation sentences must not be training sentences.
const trainSet = new Set(train);
const overlap = testSeen.filter((s) => trainSet.has(s)).length;
if (overlap > 0) throw new Error(`${overlap} test_seen sentences are in lm_train.txt`);

// 2. Build, write ARPA (streamed), read it back (streamed), write the binary.
let t0 = performance.now();
const model = buildKneserNey(train, { order, minCount, prune });
const buildMs = performance.now() - t0;
mkdirSync(workDir, { recursive: true });
const arpaPath = join(workDir, 'default-lm.arpa');
await new Promise<void>((resolve, reject) => {
  const out = createWriteStream(arpaPath);
  out.on('error', reject);
  for (const line of model.arpaLines()) out.write(`${line}\n`);
  out.end(resolve);
});
t0 = performance.now();
const lm = await readArpaFile(arpaPath);
const arpaMs = performance.now() - t0;
const bytes = writeLmBinary(lm);
if (bytes.length > MAX_BYTES) throw new Error(`binary is ${bytes.length} bytes > ${MAX_BYTES}`);
mkdirSync(dirname(outBin), { recursive: true });
writeFileSync(outBin, bytes);

// 3. Check the written binary and the held-out entities once more; report.
t0 = performance.now();
const loaded = readLmBinaryFile(outBin);
const loadMs = performance.now() - t0;
const leaked = [...heldout].filter((w) => !loaded.isOov(w));
if (leaked.length > 0) throw new Error(`held-out entities in the LM vocabulary: ${leaked}`);
const fromArpa = perplexity(lm, testSeen);
const ppl = perplexity(loaded, testSeen);
if (Math.abs(fromArpa.logProb - ppl.logProb) > 1e-6 * Math.abs(ppl.logProb)) {
  throw new Error('binary and ARPA models disagree');
}
const report = {
  order,
  minCount,
  prune,
  trainSentences: train.length,
  vocab: loaded.vocabSize,
  ngrams: loaded.counts,
  discounts: model.discounts.map((d) => d.map((x) => Number(x.toFixed(4)))),
  arpaBytes: statSync(arpaPath).size,
  binaryBytes: bytes.length,
  buildMs: Math.round(buildMs),
  arpaReadMs: Math.round(arpaMs),
  binaryLoadMs: Number(loadMs.toFixed(1)),
  testSeen: {
    sentences: ppl.sentences,
    tokens: ppl.tokens,
    oovs: ppl.oovs,
    perplexity: Number(ppl.perplexity.toFixed(2)),
    perplexityExcludingOovs: Number(ppl.perplexityExcludingOovs.toFixed(2)),
  },
};
writeFileSync(join(workDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
