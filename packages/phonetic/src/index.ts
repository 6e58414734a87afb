export type { AlignedWord, WordAlignment, WordPronunciations } from './align.js';
export {
  alignPhones,
  alignWords,
  ctcLogLikelihood,
  ctcWordsLogLikelihood,
  requirePhonePosteriors,
} from './align.js';
export { bestPath } from './best-path.js';
export { frameMaxima } from './ctc-search.js';
export type { HypothesisPronouncerOptions, PronouncedSpan } from './hypothesis-pronouncer.js';
export { HypothesisPronouncer } from './hypothesis-pronouncer.js';
export { PhoneInventory } from './phone-inventory.js';
export type { PhoneticRescorerOptions } from './phonetic-rescorer.js';
export { createPhoneticRescorer } from './phonetic-rescorer.js';
export type { AlignmentWindow, WordFrames } from './windows.js';
export {
  alignWordsInWindows,
  ctcWordsLogLikelihoodInWindows,
  DEFAULT_WINDOW_FRAMES,
  planWindows,
} from './windows.js';
