/**
 * `@ctcbias/lm-boost` — runs anywhere (no Node built-ins). File access (ARPA streaming, binary
 * files, the default LM) is in `@ctcbias/lm-boost/node`.
 */
export { ArpaParser, parseArpa } from './arpa-reader.js';
export { LM_BINARY_VERSION, readLmBinary, writeLmBinary } from './binary-format.js';
export type { BoostClassOptions, BoostState } from './boost-class.js';
export { BoostClassLm } from './boost-class.js';
export type { KneserNeyModel, KneserNeyOptions, NgramSection } from './kneser-ney.js';
export { buildKneserNey } from './kneser-ney.js';
export { readLm } from './lm-bytes.js';
export type { NgramLmParts, NgramState } from './ngram-lm.js';
export { BOS_WORD, EOS_WORD, NgramLm } from './ngram-lm.js';
export { NgramTable } from './ngram-table.js';
export type { PerplexityReport } from './perplexity.js';
export { perplexity } from './perplexity.js';
export type { FusionState, ShallowFusionOptions } from './shallow-fusion.js';
export { ShallowFusionScorer } from './shallow-fusion.js';
