import { readFile } from 'node:fs/promises';
import { CtcBiasError, type ListExpander } from '@ctcbias/core';
import { DEFAULT_TABLE_URL, sharedCmudict } from './default-table.js';
import { createG2gExpander } from './expander.js';
import { G2p, type G2pOptions } from './g2p.js';
import type { JointNgram } from './joint-ngram.js';
import { CmuLexicon, type CmuLexiconOptions } from './lexicon.js';
import { decodeTable, type TableMeta } from './table-format.js';

let defaultTable: Promise<{ model: JointNgram; meta: TableMeta }> | undefined;

/** Reads a g2p table file (in a browser, fetch the bytes and use `decodeTable` or `cmuLexiconFromTable`). */
export async function loadTable(
  path: string | URL = DEFAULT_TABLE_URL,
): Promise<{ model: JointNgram; meta: TableMeta }> {
  const isDefault = path === DEFAULT_TABLE_URL;
  if (isDefault && defaultTable !== undefined) return defaultTable;
  const load = (async () => {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new CtcBiasError('IO_ERROR', 'cannot read g2p table', { file: String(path), cause });
    }
    return decodeTable(bytes, String(path));
  })();
  if (isDefault) {
    defaultTable = load;
    load.catch(() => {
      defaultTable = undefined;
    });
  }
  return load;
}

/**
 * The g2p model of the committed table (loaded once per process).
 *
 * ```ts
 * const g2p = await loadG2p();
 * g2p.pronounce('ibuprofen', 1); // [{ phones: ['AY','B','Y','UW','P','R','OW','F','AH','N'], score: … }]
 * ```
 */
export async function loadG2p(options: G2pOptions & { table?: string | URL } = {}): Promise<G2p> {
  const { model } = await loadTable(options.table);
  return new G2p(model, options);
}

/**
 * CMUdict plus the committed g2p table as one {@link CmuLexicon} (dictionary and table are
 * loaded once per process).
 */
export async function loadCmuLexicon(
  options: CmuLexiconOptions & G2pOptions & { table?: string | URL } = {},
): Promise<CmuLexicon> {
  const [dictionary, g2p] = await Promise.all([sharedCmudict(), loadG2p(options)]);
  return new CmuLexicon(dictionary, g2p, options);
}

/**
 * The `g2g` list expander over CMUdict and the committed table.
 *
 * ```ts
 * const g2g = await loadG2gExpander({ pronunciations: 3, variants: 3 });
 * const list = g2g.expand(createBiasingList(['zelenskyy', 'kate smith']));
 * ```
 */
export async function loadG2gExpander(
  options: { pronunciations?: number; variants?: number } & CmuLexiconOptions &
    G2pOptions & { table?: string | URL } = {},
): Promise<ListExpander> {
  const lexicon = await loadCmuLexicon(options);
  return createG2gExpander({ ...options, lexicon, g2p: lexicon.g2p as G2p });
}
