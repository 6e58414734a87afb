/**
 * `@ctcbias/g2g/node` — the Node-only part of the package: reading g2p tables from files
 * (the committed one by default). Everything else, including `cmuLexiconFromTable(bytes)` for
 * browsers, is in the main entry.
 *
 * ```ts
 * import { wordVariants } from '@ctcbias/g2g';
 * import { loadCmuLexicon, loadG2gExpander } from '@ctcbias/g2g/node';
 * ```
 */
export { DEFAULT_TABLE_URL } from './default-table.js';
export { loadCmuLexicon, loadG2gExpander, loadG2p, loadTable } from './load.js';
