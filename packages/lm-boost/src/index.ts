export { readArpaFile } from './arpa-file.js';
export { ArpaParser, parseArpa } from './arpa-reader.js';
export { LM_BINARY_VERSION, readLmBinary, writeLmBinary } from './binary-format.js';
export type { BoostClassOptions, BoostState } from './boost-class.js';
export { BoostClassLm } from './boost-class.js';
export type { KneserNeyModel, KneserNeyOptions, NgramSection } from './kneser-ney.js';
export { buildKneserNey } from './kneser-ney.js';
export {
  DEFAULT_LM_PATH,
  loadDefaultLm,
  readLmBinaryFile,
  writeLmBinaryFile,
} from './lm-files.js';
export type { NgramLmParts, NgramState } from './ngram-lm.js';
export { BOS_WORD, EOS_WORD, NgramLm } from './ngram-lm.js';
export { NgramTable } from './ngram-table.js';
export type { PerplexityReport } from './perplexity.js';
export { perplexity } from './perplexity.js';
export type { FusionState, ShallowFusionOptions } from './shallow-fusion.js';
export { ShallowFusionScorer } from './shallow-fusion.js';
