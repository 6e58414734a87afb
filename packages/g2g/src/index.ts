export type {
  AlignedUnit,
  AlignerOptions,
  AlignerResult,
  AlignmentModel,
  TrainingPair,
  UnitShape,
} from './alignment.js';
export { alignPair, DEFAULT_SHAPES, trainAligner, unitKey } from './alignment.js';
export type { PronouncingDictionary } from './cmudict.js';
export { loadCmudict, parseCmudict } from './cmudict.js';
export { cmuLexiconFromTable, DEFAULT_TABLE_URL } from './default-table.js';
export type { G2pQuality } from './evaluation.js';
export { editDistance, evaluateG2p, isHeldOut } from './evaluation.js';
export type { G2gExpanderOptions } from './expander.js';
export { createG2gExpander } from './expander.js';
export type { G2pOptions, PhoneGuess, SpellingGuess } from './g2p.js';
export { G2p } from './g2p.js';
export type { JointNgramArrays } from './joint-ngram.js';
export { BOS, EOS, JointNgram } from './joint-ngram.js';
export type { KneserNeyOptions } from './kneser-ney.js';
export { trainKneserNey } from './kneser-ney.js';
export type { CmuLexiconOptions } from './lexicon.js';
export { CmuLexicon } from './lexicon.js';
export { lettersOf } from './spelling.js';
export type { TableMeta } from './table-format.js';
export { decodeTable, encodeTable } from './table-format.js';
export type { SpellingVariant, VariantOptions } from './variants.js';
export { entryVariants, wordVariants } from './variants.js';
