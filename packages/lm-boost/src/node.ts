/**
 * `@ctcbias/lm-boost/node` — the Node-only part: streaming ARPA files, binary LM files and the
 * default English LM.
 *
 * ```ts
 * import { ShallowFusionScorer } from '@ctcbias/lm-boost';
 * import { loadDefaultLm, readArpaFile } from '@ctcbias/lm-boost/node';
 * ```
 */
export { readArpaFile } from './arpa-file.js';
export {
  DEFAULT_LM_PATH,
  loadDefaultLm,
  readLmBinaryFile,
  writeLmBinaryFile,
} from './lm-files.js';
