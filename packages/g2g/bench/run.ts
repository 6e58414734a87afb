/**
 * Throughput of g2p `pronounce()`/`spell()`, the list expander, and table load time.
 *
 *   pnpm --filter @ctcbias/g2g bench
 *
 * Reports CPU time (user + system, steadier than wall time on a shared machine) and wall time,
 * and ratios against baselines run in the same process: a dictionary lookup for `pronounce`,
 * parsing CMUdict for the table load.
 */
import { readFile } from 'node:fs/promises';
import { createBiasingList } from '@ctcbias/core';
import { loadCmudict } from '../src/cmudict.js';
import { DEFAULT_TABLE_URL } from '../src/default-table.js';
import { isHeldOut } from '../src/evaluation.js';
import { createG2gExpander } from '../src/expander.js';
import { G2p } from '../src/g2p.js';
import { CmuLexicon } from '../src/lexicon.js';
import { decodeTable } from '../src/table-format.js';

interface Timing {
  cpuMs: number;
  wallMs: number;
}

function time(run: () => void): Timing {
  const c = process.cpuUsage();
  const w = performance.now();
  run();
  const d = process.cpuUsage(c);
  return { cpuMs: (d.user + d.system) / 1000, wallMs: performance.now() - w };
}

async function timeAsync(run: () => Promise<unknown>): Promise<Timing> {
  const c = process.cpuUsage();
  const w = performance.now();
  await run();
  const d = process.cpuUsage(c);
  return { cpuMs: (d.user + d.system) / 1000, wallMs: performance.now() - w };
}

const fmt = (t: Timing, n = 1, unit = 'ms') =>
  `${(t.cpuMs / n).toFixed(3)} ${unit} CPU, ${(t.wallMs / n).toFixed(3)} ${unit} wall`;

let dictionary: Awaited<ReturnType<typeof loadCmudict>> | undefined;
const dictLoad = await timeAsync(async () => {
  dictionary = await loadCmudict();
});
const dict = dictionary as NonNullable<typeof dictionary>;
let bytes: Uint8Array = new Uint8Array();
const read = await timeAsync(async () => {
  bytes = await readFile(DEFAULT_TABLE_URL);
});
let table: ReturnType<typeof decodeTable> | undefined;
const decode = time(() => {
  table = decodeTable(bytes);
});
const model = (table as NonNullable<typeof table>).model;
console.log(
  `table: ${(bytes.length / 1e6).toFixed(2)} MB, ${model.size.contexts} contexts, ${model.size.ngrams} n-grams`,
);
console.log(`  read ${fmt(read)}; decode ${fmt(decode)}`);
console.log(
  `  baseline, CMUdict parse: ${fmt(dictLoad)}  → table load = ${((read.cpuMs + decode.cpuMs) / dictLoad.cpuMs).toFixed(3)}× CPU`,
);

const words = [...dict.keys()].filter((w) => /^[a-z]+$/.test(w) && isHeldOut(w)).slice(0, 300);
const known = [...dict.keys()].filter((w) => /^[a-z]+$/.test(w)).slice(0, 300);
const g2p = new G2p(model);
// Warm up the JIT on a few words first.
for (const w of words.slice(0, 20)) g2p.pronounce(w, 5);

const lexicon = new CmuLexicon(dict, g2p, { cacheSize: 0 });
const lookup = time(() => {
  for (let r = 0; r < 100; r++) for (const w of known) lexicon.pronounce(w);
});
const perLookup = { cpuMs: lookup.cpuMs / 100, wallMs: lookup.wallMs / 100 };
console.log(`dictionary lookup (baseline): ${fmt(perLookup, known.length / 1000, 'µs')} per word`);

for (const beam of [8, 16, 32]) {
  const g = new G2p(model, { beam });
  const t = time(() => {
    for (const w of words) g.pronounce(w, 5);
  });
  console.log(
    `g2p pronounce k=5 beam=${beam}: ${fmt(t, words.length)} per word = ${(words.length / (t.cpuMs / 1000)).toFixed(0)} words/CPU-s (${(t.cpuMs / words.length / (perLookup.cpuMs / known.length)).toFixed(0)}× a lookup)`,
  );
}
const prons = words.slice(0, 100).map((w) => g2p.pronounce(w, 1)[0]?.phones ?? []);
const spell = time(() => {
  for (const p of prons) g2p.spell(p, 5);
});
console.log(`g2p spell k=5 beam=32: ${fmt(spell, prons.length)} per pronunciation`);

const expander = createG2gExpander({ lexicon, g2p, pronunciations: 3, variants: 3 });
const list = createBiasingList(words.slice(0, 50));
const expand = time(() => expander.expand(list));
console.log(
  `g2g expand (3 pronunciations, 3 variants): ${fmt(expand, list.entries.length)} per entry`,
);
