import {
  type BiasingEntry,
  type BiasingList,
  CtcBiasError,
  type EncoderOutput,
  type Hypothesis,
  normalizeText,
  type PronunciationLexicon,
  slicePosteriors,
  splitWords,
  type TranscriptRewriter,
  type Vocabulary,
  WORD_BOUNDARY,
  type WordSpan,
} from '@ctcbias/core';
import {
  type AlignedWord,
  alignWordsInWindows,
  bestPath,
  ctcLogLikelihood,
  ctcWordsLogLikelihood,
  HypothesisPronouncer,
  type PronouncedSpan,
  requirePhonePosteriors,
} from '@ctcbias/phonetic';
import { type EntryMatch, EntryPronunciationIndex } from './entry-pronunciation-index.js';

/** Options of {@link createLexiconRewriter}. */
export interface LexiconRewriterOptions {
  /** Pronunciations of the hypothesis's words, for the forced alignment (e.g. CMUdict + g2p). */
  readonly lexicon: PronunciationLexicon;
  /**
   * Phone edits allowed between the phones heard in a span and an entry's pronunciation;
   * default 0 (exact match, as in the paper). A match always needs fewer edits than the
   * pronunciation has phones. Tolerance makes short entries easy to hit: keep it small.
   */
  readonly maxEditDistance?: number;
  /** Most consecutive hypothesis words one entry may replace; default 2 (words and pairs). */
  readonly maxWords?: number;
  /**
   * The subword vocabulary. When given, `tokens` are rewritten too (see
   * {@link createLexiconRewriter}); without it `tokens` are left as decoded.
   */
  readonly vocabulary?: Vocabulary;
  /** Lexicon pronunciations per word tried by the alignment; default 3. */
  readonly pronunciationsPerWord?: number;
  /**
   * Acoustic verification instead of string matching (off when undefined). A run of words becomes
   * the entry whose pronunciation explains the run's frames better than the words themselves:
   * its CTC log-likelihood on the phone posteriors (forward algorithm over the run's frames) must
   * exceed that of the words' own pronunciations by at least this many nats. Candidates are the
   * entries within `candidateEdits` of the phones heard there. `maxEditDistance` is then unused.
   */
  readonly acousticMargin?: number;
  /**
   * With `acousticMargin`: candidate entries are those whose pronunciation is within this
   * fraction of the heard phones' length in edits (rounded up); default 0.5.
   */
  readonly candidateEdits?: number;
}

/** The best entry for a run of words and how good it is (higher is better). */
interface RunMatch {
  readonly match: EntryMatch;
  readonly score: number;
}

/** A decided replacement: hypothesis words `[startWord, endWord)` become entry `entry`. */
interface Replacement {
  readonly startWord: number;
  readonly endWord: number;
  readonly entry: number;
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new CtcBiasError('INVALID_ARGUMENT', `${name} must be an integer ≥ ${min}`, { value });
  }
  return value;
}

/**
 * Frames each aligned span "owns": its aligned frames plus half of the blank gap on each side
 * (the first from frame 0, the last to the end), so every frame belongs to exactly one span
 * and a phone the alignment left in a gap is heard by the nearer word.
 */
function ownedFrames(aligned: readonly AlignedWord[], frames: number): [number, number][] {
  return aligned.map((w, k) => {
    const before = aligned[k - 1];
    const after = aligned[k + 1];
    const start =
      before === undefined ? 0 : before.endFrame + Math.floor((w.startFrame - before.endFrame) / 2);
    const end =
      after === undefined ? frames : w.endFrame + Math.floor((after.startFrame - w.endFrame) / 2);
    return [start, end];
  });
}

/** New word spans for `entry` over the frames of `old` (one-to-one, or split by length). */
function entryWords(entry: BiasingEntry, index: number, old: readonly WordSpan[]): WordSpan[] {
  const parts = splitWords(entry.text);
  if (parts.length === old.length) {
    return parts.map((text, k) => {
      const o = old[k] as WordSpan;
      return { text, startFrame: o.startFrame, endFrame: o.endFrame, entry: index };
    });
  }
  const start = (old[0] as WordSpan).startFrame;
  const span = (old[old.length - 1] as WordSpan).endFrame - start;
  const chars = parts.reduce((s, p) => s + p.length, 0);
  let done = 0;
  return parts.map((text) => {
    const from = start + Math.round((span * done) / chars);
    done += text.length;
    return {
      text,
      startFrame: from,
      endFrame: start + Math.round((span * done) / chars),
      entry: index,
    };
  });
}

/** Splits tokens into per-word groups at word-start tokens. */
function tokenGroups(tokens: readonly number[], vocabulary: Vocabulary): number[][] {
  const groups: number[][] = [];
  for (const t of tokens) {
    const last = groups[groups.length - 1];
    if (last === undefined || vocabulary.isWordStart(t)) groups.push([t]);
    else last.push(t);
  }
  return groups;
}

/** The entry's tokenization that spells its canonical text, if any. */
function canonicalTokens(
  entry: BiasingEntry,
  vocabulary: Vocabulary,
): readonly number[] | undefined {
  return entry.tokenizations.find((ids) => {
    if (!ids.every((id) => id >= 0 && id < vocabulary.size)) return false;
    const text = ids
      .map((id) => vocabulary.token(id))
      .join('')
      .split(WORD_BOUNDARY)
      .join(' ');
    return normalizeText(text) === entry.text;
  });
}

/**
 * Pronunciation-lexicon lookup (`TranscriptRewriter` named `lexicon`), technique 4 of Dingliwal
 * et al. (SLT 2022):
 *
 * 1. pronounce the hypothesis's words (`HypothesisPronouncer` from `@ctcbias/phonetic`: matched
 *    list entries, list spellings, then the injected lexicon) and force-align them to the phone
 *    posteriors (`alignWordsInWindows`: over windows cut between words on long audio) — this gives each word's frames;
 * 2. each word owns its aligned frames plus half the blank gap on either side;
 * 3. left to right, for each run of 1…`maxWords` words (no word in it already matched to an
 *    entry), read the phones heard in the run's frames (greedy best path, `bestPath`) and look
 *    them up among the list entries' pronunciations ({@link EntryPronunciationIndex}); the best
 *    run (fewest edits, then more words) starting at a word wins. With `acousticMargin` the
 *    lookup only proposes candidates (within `candidateEdits`), and each is scored by how much
 *    better its pronunciation explains the run's frames than the words' own pronunciations do
 *    (CTC forward log-likelihoods); the largest gain of at least `acousticMargin` wins;
 * 4. the winning words are replaced by the entry's canonical text, one `WordSpan` per entry word
 *    with `entry` set (frames: one-to-one when the word counts agree, else the run's frames
 *    split in proportion to the words' lengths); `text` is rebuilt from the words.
 *
 * Left alone: words that already carry a `WordSpan.entry` (the beam matched them), runs whose
 * text already is the matching entry's text, hypotheses that cannot be aligned, and lists
 * without pronunciations. Scores are not changed.
 *
 * `tokens`: with `options.vocabulary`, the replaced words' tokens (split at `▁` word starts) are
 * swapped for the entry's tokenization that spells its text; without a vocabulary, when the
 * token groups do not line up with the words, or when the entry has no such tokenization,
 * `tokens` stay as decoded (the CTC path), and may then no longer spell `text`.
 *
 * Throws `CtcBiasError('UNSUPPORTED')` when the encoder output has no phone posteriors.
 *
 * ```ts
 * // list: 'zelenskyy' pronounced Z EH L EH N S K IY; the beam heard "zelen ski"
 * const lexicon = createLexiconRewriter({ lexicon: cmudict });
 * lexicon.rewrite(hypothesis, encoderOutput, list).text; // 'zelenskyy' if the phones say so
 * ```
 */
export function createLexiconRewriter(options: LexiconRewriterOptions): TranscriptRewriter {
  const tolerance = checkCount('maxEditDistance', options.maxEditDistance ?? 0, 0);
  const maxWords = checkCount('maxWords', options.maxWords ?? 2, 1);
  const perWord = checkCount('pronunciationsPerWord', options.pronunciationsPerWord ?? 3, 1);
  const { lexicon, vocabulary, acousticMargin } = options;
  const candidateEdits = options.candidateEdits ?? 0.5;
  if (acousticMargin !== undefined && !Number.isFinite(acousticMargin)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'acousticMargin must be a finite number', {
      value: acousticMargin,
    });
  }
  if (!(candidateEdits >= 0 && candidateEdits <= 1)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'candidateEdits must be in [0, 1]', {
      value: candidateEdits,
    });
  }

  return {
    name: 'lexicon',
    rewrite(h: Hypothesis, output: EncoderOutput, list: BiasingList): Hypothesis {
      const { phone, phoneSymbols } = requirePhonePosteriors(output);
      if (h.words.length === 0) return h;
      const index = new EntryPronunciationIndex(list);
      if (index.size === 0) return h;
      const spans = new HypothesisPronouncer(list, lexicon, {
        pronunciationsPerWord: perWord,
      }).pronounce(h.words);
      // long audio is aligned in windows cut between words (linear in length)
      const aligned = alignWordsInWindows(
        phone,
        phoneSymbols,
        spans.map((s) => s.pronunciations),
        spans.map((s) => ({
          startFrame: (h.words[s.startWord] as WordSpan).startFrame,
          endFrame: (h.words[s.endWord - 1] as WordSpan).endFrame,
        })),
      );
      if (aligned.words.length === 0) return h;
      const owned = ownedFrames(aligned.words, phone.frames);

      const runText = (first: number, last: number): string =>
        h.words
          .slice(
            (spans[first] as PronouncedSpan).startWord,
            (spans[last] as PronouncedSpan).endWord,
          )
          .map((w) => w.text)
          .join(' ');

      const stringMatch = (first: number, last: number, heard: string[]): RunMatch | undefined => {
        const matches = index.lookup(heard, tolerance);
        const best = matches[0];
        if (best === undefined) return undefined;
        // Among equally close entries, keep the words if they already spell one of them.
        const text = runText(first, last);
        const tied = matches.filter((m) => m.distance === best.distance);
        if (tied.some((m) => list.entries[m.entry]?.text === text)) return undefined;
        return { match: best, score: -best.distance };
      };

      const acousticMatch = (
        first: number,
        last: number,
        heard: string[],
        from: number,
        to: number,
        margin: number,
      ): RunMatch | undefined => {
        const candidates = index.lookup(heard, Math.ceil(candidateEdits * heard.length));
        if (candidates.length === 0) return undefined;
        const frames = slicePosteriors(phone, from, to);
        const own = ctcWordsLogLikelihood(
          frames,
          phoneSymbols,
          spans.slice(first, last + 1).map((s) => s.pronunciations),
        );
        const text = runText(first, last);
        let best: RunMatch | undefined;
        for (const m of candidates) {
          const entry = list.entries[m.entry] as BiasingEntry;
          if (entry.text === text) return undefined; // the words already are this entry
          const phones = entry.pronunciations[m.pronunciation] as readonly string[];
          const gain = ctcLogLikelihood(frames, phoneSymbols, phones) - own;
          if (gain >= margin && (best === undefined || gain > best.score)) {
            best = { match: m, score: gain };
          }
        }
        return best;
      };

      const heardMatch = (first: number, last: number): RunMatch | undefined => {
        const from = (owned[first] as [number, number])[0];
        const to = (owned[last] as [number, number])[1];
        const heard = bestPath(phone, phoneSymbols, from, to).segments.map((s) => s.phone);
        if (heard.length === 0) return undefined;
        return acousticMargin === undefined
          ? stringMatch(first, last, heard)
          : acousticMatch(first, last, heard, from, to, acousticMargin);
      };

      const replacements: Replacement[] = [];
      let k = 0;
      while (k < spans.length) {
        let chosen: { match: EntryMatch; score: number; length: number } | undefined;
        for (let n = 1; n <= maxWords && k + n <= spans.length; n++) {
          if ((spans[k + n - 1] as PronouncedSpan).entry !== undefined) break;
          const run = heardMatch(k, k + n - 1);
          if (run !== undefined && (chosen === undefined || run.score >= chosen.score)) {
            chosen = { ...run, length: n };
          }
        }
        if (chosen === undefined) {
          k++;
          continue;
        }
        replacements.push({
          startWord: (spans[k] as PronouncedSpan).startWord,
          endWord: (spans[k + chosen.length - 1] as PronouncedSpan).endWord,
          entry: chosen.match.entry,
        });
        k += chosen.length;
      }
      if (replacements.length === 0) return h;
      return applyReplacements(h, replacements, list, vocabulary);
    },
  };
}

function applyReplacements(
  h: Hypothesis,
  replacements: readonly Replacement[],
  list: BiasingList,
  vocabulary: Vocabulary | undefined,
): Hypothesis {
  const groups = vocabulary === undefined ? undefined : tokenGroups(h.tokens, vocabulary);
  const alignedTokens = groups !== undefined && groups.length === h.words.length;
  const words: WordSpan[] = [];
  const tokens: number[] = [];
  let tokensOk = alignedTokens;
  let w = 0;
  for (const r of replacements) {
    for (; w < r.startWord; w++) {
      words.push(h.words[w] as WordSpan);
      if (alignedTokens) tokens.push(...(groups?.[w] ?? []));
    }
    const entry = list.entries[r.entry] as BiasingEntry;
    words.push(...entryWords(entry, r.entry, h.words.slice(r.startWord, r.endWord)));
    const ids = vocabulary === undefined ? undefined : canonicalTokens(entry, vocabulary);
    if (ids === undefined) tokensOk = false;
    else tokens.push(...ids);
    w = r.endWord;
  }
  for (; w < h.words.length; w++) {
    words.push(h.words[w] as WordSpan);
    if (alignedTokens) tokens.push(...(groups?.[w] ?? []));
  }
  return {
    ...h,
    tokens: tokensOk ? tokens : h.tokens,
    text: words.map((x) => x.text).join(' '),
    words,
  };
}
