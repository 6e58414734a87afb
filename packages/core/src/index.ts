export type {
  BiasingEntry,
  BiasingList,
  BiasingListItem,
} from './biasing-list.js';
export { createBiasingList, listFingerprint } from './biasing-list.js';
export type {
  AttentionMap,
  AttentionTools,
  BiasingStage,
  BiasingStageV1,
  ChoiceOptionSpec,
  LoadedStage,
  NumberOptionSpec,
  ScorerCompiler,
  StageEnvironment,
  StageInstance,
  StageInstances,
  StageOptionSpec,
  StageOptions,
  StageOptionsOf,
  StageOptionsSchema,
  StagePosition,
} from './biasing-stage.js';
export { defineStage, STAGE_POSITIONS } from './biasing-stage.js';
export type { Candidate } from './candidate.js';
export type { EncoderOutput, HiddenStates } from './encoder-output.js';
export type { CtcBiasErrorCode, CtcBiasErrorDetails } from './errors.js';
export { CtcBiasError, formatErrorMessage, isCtcBiasError } from './errors.js';
export { fnv1a64Hex } from './hash.js';
export type { Hypothesis, NBest, WordSpan } from './hypothesis.js';
export type { LanguageModel, LmStep } from './language-model.js';
export { UNK_WORD } from './language-model.js';
export type { BiasingListLine } from './list-format.js';
export {
  formatBiasingList,
  MAX_LIST_LINE_CHARS,
  parseBiasingList,
  parseBiasingListLines,
} from './list-format.js';
export type { AlignmentOp } from './metrics/align.js';
export { alignWords } from './metrics/align.js';
export type { BiasedAlignmentOp, BiasedWerResult } from './metrics/biased-wer.js';
export { biasedWordErrorRate, corpusBiasedWordErrorRate } from './metrics/biased-wer.js';
export type { EntitySource } from './metrics/entities.js';
export { countPhrase, entityTexts } from './metrics/entities.js';
export type { EntityCounts, EntityScores } from './metrics/entity-f1.js';
export { entityCounts, entityF1, entityScores } from './metrics/entity-f1.js';
export type { ErrorCounts, ErrorRate, TranscriptPair, WerResult } from './metrics/wer.js';
export {
  addCounts,
  corpusWordErrorRate,
  countAlignment,
  errorRate,
  wordErrorRate,
} from './metrics/wer.js';
export type { PhoneAlignment, PhoneSegment } from './phone-alignment.js';
export type { ArpabetPhone } from './phones.js';
export { ARPABET_PHONES, isArpabetPhone, stripStress } from './phones.js';
export type { Posteriors } from './posteriors.js';
export { createPosteriors, posteriorsRow, slicePosteriors } from './posteriors.js';
export type { Pronunciation, PronunciationLexicon } from './pronunciation-lexicon.js';
export type { ProtoField } from './protobuf.js';
export { protoFloat, protoString, readProtoFields } from './protobuf.js';
export type { ReadBytes } from './read-bytes.js';
export { fetchBytes } from './read-bytes.js';
export type { SentencePieceTokenizerOptions } from './sentencepiece.js';
export { SentencePieceTokenizer } from './sentencepiece.js';
export type { LatticeNode, LatticePath } from './sentencepiece-lattice.js';
export { Lattice } from './sentencepiece-lattice.js';
export type {
  SentencePieceEntry,
  SentencePieceModel,
  SentencePieceModelType,
  SentencePieceNormalizerSpec,
  SentencePieceTrainerSpec,
  SentencePieceType,
} from './sentencepiece-model.js';
export { parseSentencePieceModel } from './sentencepiece-model.js';
export type {
  EncoderOutputTransform,
  ListExpander,
  NBestRescorer,
  TokenScorer,
  TokenStep,
  TokenStepContext,
  TranscriptRewriter,
} from './stages.js';
export { normalizeText, splitWords } from './text.js';
export type { Segmentation, Tokenizer } from './tokenizer.js';
export type { VocabularyJson } from './vocabulary.js';
export { Vocabulary, WORD_BOUNDARY } from './vocabulary.js';
