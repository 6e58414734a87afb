import { loadCmudict, type PronouncingDictionary } from './cmudict.js';
import { G2p, type G2pOptions } from './g2p.js';
import { CmuLexicon, type CmuLexiconOptions } from './lexicon.js';
import { decodeTable } from './table-format.js';

/**
 * The committed g2p table (built by `scripts/build-table.ts`). A URL relative to this module, so
 * bundlers that understand `new URL(…, import.meta.url)` (Vite, esbuild with a file loader) ship
 * it as an asset: in a browser, `fetch(DEFAULT_TABLE_URL)`; in Node, `@ctcbias/g2g/node` reads it.
 */
export const DEFAULT_TABLE_URL = new URL('../assets/g2p-table.bin', import.meta.url);

let defaultDictionary: Promise<PronouncingDictionary> | undefined;

/** CMUdict, parsed once per page or process and shared by every lexicon built here. */
export function sharedCmudict(): Promise<PronouncingDictionary> {
  defaultDictionary ??= loadCmudict();
  return defaultDictionary;
}

/**
 * CMUdict plus a g2p table given as bytes, as one {@link CmuLexicon} — the browser-safe way to
 * get the pronunciation lexicon (the dictionary is loaded once per page or process).
 *
 * ```ts
 * const bytes = new Uint8Array(await (await fetch(DEFAULT_TABLE_URL)).arrayBuffer());
 * const lexicon = await cmuLexiconFromTable(bytes);
 * lexicon.pronounce('kate'); // [{ phones: ['K', 'EY', 'T'], score: 0, source: 'dictionary' }]
 * ```
 */
export async function cmuLexiconFromTable(
  bytes: Uint8Array,
  options: CmuLexiconOptions & G2pOptions & { source?: string } = {},
): Promise<CmuLexicon> {
  const { model } = decodeTable(bytes, options.source ?? 'g2p table');
  return new CmuLexicon(await sharedCmudict(), new G2p(model, options), options);
}
