import { type Hypothesis, normalizeText, type Vocabulary, type WordSpan } from '@ctcbias/core';
import type { EntityMatch } from './entity-match.js';

/** What a decoder knows about one path, before it is turned into a {@link Hypothesis}. */
export interface DecodedPath {
  /** Collapsed token ids. */
  readonly tokens: readonly number[];
  /** Per token: the frame it starts being emitted. */
  readonly firstFrames: ArrayLike<number>;
  /** Per token: the last frame it is emitted (inclusive). */
  readonly lastFrames: ArrayLike<number>;
  readonly score: number;
  readonly scores: Readonly<Record<string, number>>;
  readonly matches: readonly EntityMatch[];
}

/**
 * Groups tokens into words at SentencePiece `▁` boundaries and builds the hypothesis.
 *
 * A word begins at a token whose string starts with `▁` (or at the first token). Its text is
 * its tokens' strings joined, the leading `▁` dropped, then `normalizeText`-ed; a word whose
 * text is empty (a lone `▁` token) is dropped. `startFrame` is the first frame of its first
 * token, `endFrame` one past the last frame of its last token (decoders guarantee a token's
 * first frame ≤ its last frame < the next token's first frame). A word gets `entry` when a match covers its tokens (every word of a multi-word entry).
 *
 * ```ts
 * // tokens ▁ka(first 3, last 4) te(6, 6) ▁is(9, 9)
 * // → words [{text:'kate', startFrame:3, endFrame:7}, {text:'is', startFrame:9, endFrame:10}]
 * ```
 */
export function buildHypothesis(vocab: Vocabulary, path: DecodedPath): Hypothesis {
  const normalized = wordCache(vocab);
  const { tokens, firstFrames, lastFrames, matches } = path;
  const entryOfToken = new Int32Array(tokens.length).fill(-1);
  for (const m of matches) {
    for (let i = m.startToken; i < m.endToken; i++) entryOfToken[i] = m.entry;
  }
  const words: WordSpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i + 1;
    while (j < tokens.length && !vocab.isWordStart(tokens[j] as number)) j++;
    let raw = '';
    for (let k = i; k < j; k++) raw += vocab.token(tokens[k] as number);
    let text = normalized.get(raw);
    if (text === undefined) {
      text = normalizeText(raw.replaceAll('\u2581', ' '));
      if (normalized.size >= WORD_CACHE_LIMIT) normalized.clear();
      normalized.set(raw, text);
    }
    if (text !== '') {
      const startFrame = firstFrames[i] as number;
      const endFrame = (lastFrames[j - 1] as number) + 1;
      const entry = entryOfToken[i] as number;
      words.push(
        entry >= 0 ? { text, startFrame, endFrame, entry } : { text, startFrame, endFrame },
      );
    }
    i = j;
  }
  return {
    tokens: [...tokens],
    text: words.map((w) => w.text).join(' '),
    words,
    score: path.score,
    scores: path.scores,
  };
}

/** Per vocabulary: raw word (token strings joined) → normalized text. Hypotheses of one n-best
 * list share most words, so this saves most `normalizeText` calls. */
const WORD_CACHES = new WeakMap<Vocabulary, Map<string, string>>();
const WORD_CACHE_LIMIT = 50_000;

function wordCache(vocab: Vocabulary): Map<string, string> {
  let cache = WORD_CACHES.get(vocab);
  if (cache === undefined) {
    cache = new Map();
    WORD_CACHES.set(vocab, cache);
  }
  return cache;
}
