import {
  type BiasingList,
  CtcBiasError,
  type PronunciationLexicon,
  splitWords,
  type WordSpan,
} from '@ctcbias/core';
import type { WordPronunciations } from './align.js';

/**
 * A run of hypothesis words `[startWord, endWord)` pronounced as one unit — one word, or the
 * words of a matched multi-word list entry — with its alternative pronunciations (empty when no
 * source knows the word).
 *
 * ```ts
 * // "call kate smith", where "kate smith" matched entry 2 (WordSpan.entry = 2 on both words)
 * [
 *   { startWord: 0, endWord: 1, pronunciations: [['K', 'AO', 'L']] },
 *   { startWord: 1, endWord: 3, pronunciations: [['K', 'EY', 'T', 'S', 'M', 'IH', 'TH']], entry: 2 },
 * ]
 * ```
 */
export interface PronouncedSpan {
  readonly startWord: number;
  readonly endWord: number;
  readonly pronunciations: WordPronunciations;
  /** The `WordSpan.entry` shared by these words, when they carry one. */
  readonly entry?: number;
}

/** Options of {@link HypothesisPronouncer}. */
export interface HypothesisPronouncerOptions {
  /** At most this many pronunciations per word from the lexicon (list entries: all). Default 3. */
  readonly pronunciationsPerWord?: number;
}

function key(phones: readonly string[]): string {
  return phones.join(' ');
}

function dedupe(prons: Iterable<readonly string[]>): (readonly string[])[] {
  const seen = new Map<string, readonly string[]>();
  for (const p of prons) if (p.length > 0 && !seen.has(key(p))) seen.set(key(p), p);
  return [...seen.values()];
}

/**
 * Finds the pronunciations of a hypothesis's words, in this order of preference:
 * 1. words matched to a list entry (`WordSpan.entry`) that spell the entry's text or one of its
 *    variants take the entry's `pronunciations` — a multi-word entry as one unit;
 * 2. a word that is the text or a variant of single-word list entries takes their
 *    pronunciations;
 * 3. otherwise the injected {@link PronunciationLexicon} (e.g. CMUdict + g2p), best
 *    `pronunciationsPerWord`.
 * A word none of them knows gets `[]` (aligned as a free span by `alignWords`). Pronunciation
 * scores are not used: alignment picks among the alternatives on acoustic evidence alone.
 *
 * ```ts
 * const list = createBiasingList([{ text: 'zelenskyy', pronunciations: [['Z','EH','L','EH','N','S','K','IY']] }]);
 * new HypothesisPronouncer(list, cmudict).pronounce([{ text: 'zelenskyy', startFrame: 0, endFrame: 9 }]);
 * // → [{ startWord: 0, endWord: 1, pronunciations: [['Z','EH','L','EH','N','S','K','IY']] }]
 * ```
 */
export class HypothesisPronouncer {
  private readonly list: BiasingList;
  private readonly lexicon: PronunciationLexicon;
  private readonly perWord: number;
  /** Single-word spelling → pronunciations of the entries spelled so. */
  private readonly bySpelling = new Map<string, (readonly string[])[]>();
  private readonly cache = new Map<string, WordPronunciations>();

  constructor(
    list: BiasingList,
    lexicon: PronunciationLexicon,
    options: HypothesisPronouncerOptions = {},
  ) {
    const perWord = options.pronunciationsPerWord ?? 3;
    if (!Number.isInteger(perWord) || perWord < 1) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'pronunciationsPerWord must be an integer ≥ 1', {
        value: perWord,
      });
    }
    this.list = list;
    this.lexicon = lexicon;
    this.perWord = perWord;
    for (const e of list.entries) {
      if (e.pronunciations.length === 0) continue;
      for (const spelling of [e.text, ...e.variants]) {
        if (spelling.includes(' ')) continue;
        const prons = this.bySpelling.get(spelling) ?? [];
        prons.push(...e.pronunciations);
        this.bySpelling.set(spelling, prons);
      }
    }
    for (const [spelling, prons] of this.bySpelling) this.bySpelling.set(spelling, dedupe(prons));
  }

  /** Pronounced spans covering `words` in order, without gaps. */
  pronounce(words: readonly Pick<WordSpan, 'text' | 'entry'>[]): PronouncedSpan[] {
    const spans: PronouncedSpan[] = [];
    let i = 0;
    while (i < words.length) {
      const w = words[i] as Pick<WordSpan, 'text' | 'entry'>;
      const matched = w.entry === undefined ? undefined : this.matchEntry(words, i, w.entry);
      if (matched !== undefined) {
        spans.push(matched);
        i = matched.endWord;
        continue;
      }
      const span: PronouncedSpan = {
        startWord: i,
        endWord: i + 1,
        pronunciations: this.pronounceWord(w.text),
      };
      spans.push(w.entry === undefined ? span : { ...span, entry: w.entry });
      i++;
    }
    return spans;
  }

  /** Pronunciations of one word from the list's single-word spellings, else the lexicon. */
  pronounceWord(word: string): WordPronunciations {
    const fromList = this.bySpelling.get(word);
    if (fromList !== undefined) return fromList;
    let cached = this.cache.get(word);
    if (cached === undefined) {
      cached = dedupe(this.lexicon.pronounce(word, this.perWord).map((p) => p.phones)).slice(
        0,
        this.perWord,
      );
      this.cache.set(word, cached);
    }
    return cached;
  }

  /** The longest spelling of entry `index` that words `i…` spell, all carrying `index`. */
  private matchEntry(
    words: readonly Pick<WordSpan, 'text' | 'entry'>[],
    i: number,
    index: number,
  ): PronouncedSpan | undefined {
    const e = this.list.entries[index];
    if (e === undefined) {
      throw new CtcBiasError('INVALID_ARGUMENT', `word ${i} refers to a missing list entry`, {
        value: index,
      });
    }
    if (e.pronunciations.length === 0) return undefined;
    let best = 0;
    for (const spelling of [e.text, ...e.variants]) {
      const parts = splitWords(spelling);
      if (parts.length <= best) continue;
      const fits = parts.every((part, k) => {
        const w = words[i + k];
        return w !== undefined && w.entry === index && w.text === part;
      });
      if (fits) best = parts.length;
    }
    if (best === 0) return undefined;
    return { startWord: i, endWord: i + best, pronunciations: e.pronunciations, entry: index };
  }
}
