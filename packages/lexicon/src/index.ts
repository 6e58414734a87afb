export { phoneEditDistance } from './edit-distance.js';
export type { EntryMatch } from './entry-pronunciation-index.js';
export { EntryPronunciationIndex } from './entry-pronunciation-index.js';
export type { LexiconRewriterOptions } from './lookup-rewriter.js';
export { createLexiconRewriter } from './lookup-rewriter.js';
