export type {
  BiasingEntry,
  BiasingList,
  BiasingListItem,
} from './biasing-list.js';
export { createBiasingList, listFingerprint } from './biasing-list.js';
export type { EncoderOutput, HiddenStates } from './encoder-output.js';
export type { CtcBiasErrorCode, CtcBiasErrorDetails } from './errors.js';
export { CtcBiasError, formatErrorMessage, isCtcBiasError } from './errors.js';
export { fnv1a64Hex } from './hash.js';
export type { Hypothesis, NBest, WordSpan } from './hypothesis.js';
export type { PhoneAlignment, PhoneSegment } from './phone-alignment.js';
export type { ArpabetPhone } from './phones.js';
export { ARPABET_PHONES, isArpabetPhone, stripStress } from './phones.js';
export type { Posteriors } from './posteriors.js';
export { createPosteriors, posteriorsRow } from './posteriors.js';
export type { Pronunciation, PronunciationLexicon } from './pronunciation-lexicon.js';
export type {
  EncoderOutputTransform,
  ListExpander,
  NBestRescorer,
  StageName,
  TokenScorer,
  TokenStep,
  TokenStepContext,
  TranscriptRewriter,
} from './stages.js';
export { STAGE_NAMES } from './stages.js';
export { normalizeText, splitWords } from './text.js';
export type { Segmentation, Tokenizer } from './tokenizer.js';
export type { VocabularyJson } from './vocabulary.js';
export { Vocabulary, WORD_BOUNDARY } from './vocabulary.js';
