import {
  type BiasingList,
  type Candidate,
  createBiasingList,
  type EncoderOutput,
  type Hypothesis,
  type PronunciationLexicon,
  slicePosteriors,
  splitWords,
  type WordSpan,
} from '@ctcbias/core';
import { alignWords, frameMaxima } from '@ctcbias/phonetic';
import type { PipelineParams } from './params.js';
import { pronounceList } from './prepare-list.js';

/** What {@link accept} needs besides the hypothesis. */
export interface AcceptanceInput {
  /** The hypothesis all stages produced. */
  readonly biased: Hypothesis;
  /**
   * The same audio decoded without the list: raw encoder output, only the beam scorers that run
   * without a list (the LM, without its BOOST class) — what the pipeline gives for an empty list.
   */
  readonly unbiased: Hypothesis;
  /** The encoder output *before* any encoder-side biasing (its phone posteriors are the evidence). */
  readonly output: EncoderOutput;
  readonly list: BiasingList;
  /** For entries without pronunciations. */
  readonly lexicon?: PronunciationLexicon;
  /** Transcripts after each decoding step, in order (to say which stage proposed an entry). */
  readonly steps: readonly { readonly step: string; readonly text?: string }[];
  readonly params: PipelineParams['accept'];
}

/** The accepted hypothesis and every candidate with its decision. */
export interface AcceptanceResult {
  readonly hypothesis: Hypothesis;
  readonly candidates: readonly Candidate[];
}

/**
 * The acceptance rule: the last word on every list entry in the transcript. The transcript it
 * returns is the **unbiased** one with the accepted entries put in — biasing may change the
 * words only where an entry it proposed is kept, so a list of entries that were not said
 * changes nothing unless the evidence says otherwise.
 *
 * 1. Candidates are the runs of words of `biased` that spell a list entry (its text or a
 *    variant; longest first, left to right), whichever stage put them there.
 * 2. A candidate that the unbiased decoding also has over the same frames is accepted
 *    (`unbiased`): biasing did not change it.
 * 3. Otherwise its evidence is measured on the unbiased phone posteriors over its frames, widened
 *    by `padFrames` (and further, until they could hold twice the phones): `llr` = the best CTC
 *    path (Viterbi) through the entry's best pronunciation that covers the words' frames (and as
 *    much of the padding as helps; the rest of the padding scores its best symbols), minus the
 *    best unconstrained phone path over the same frames (so `llr ≤ 0`, and 0 when the frames'
 *    best phones spell the entry); `perPhone` = `llr / phones`; `vsHeard` = the entry's path
 *    minus the path of the words plain decoding heard over the same frames (their lexicon
 *    pronunciations, or all blanks when it heard nothing). The entry is kept when
 *    `phones ≥ minPhones`, `perPhone ≥ −threshold` and `vsHeard ≥ margin` ({@link passes}): it
 *    must be long enough to be told from chance, fit the sound, and fit it better than what it
 *    replaces.
 * 4. With no phone posteriors or no pronunciation there is nothing to measure: the candidate is
 *    kept (`unverified`).
 * 5. The result is {@link spliceEntries}`(unbiased, kept candidates, biased)`.
 *
 * `threshold = Infinity` keeps every candidate (the stages' own words still give way to the
 * unbiased ones outside the candidates). `tokens`, `score` and `scores` of the result are the
 * biased decoding's, so they show what each stage contributed; `words` and `text` are spliced.
 *
 * ```ts
 * const r = accept({ biased, unbiased, output, list, steps, params: { threshold: 0.75, margin: 4, minPhones: 6, padFrames: 2 } });
 * r.candidates.map((c) => `${c.text} ${c.accepted ? 'kept' : 'dropped'} (${c.reason})`);
 * // ['gorovitz kept (evidence)', 'ames dropped (weak-evidence)']
 * r.hypothesis.text; // the unbiased words, with 'gorovitz' where the biased decoding had it
 * ```
 */
export function accept(input: AcceptanceInput): AcceptanceResult {
  const { biased, unbiased, list, params } = input;
  const free = freePathScores(input.output);
  const candidates: Candidate[] = findEntrySpans(biased.words, list).map((s) => {
    const own = biased.words.slice(s.startWord, s.endWord);
    const startFrame = (own[0] as WordSpan).startFrame;
    const endFrame = (own[own.length - 1] as WordSpan).endFrame;
    const heard = wordsInside(unbiased.words, startFrame, endFrame)
      .map((x) => x.text)
      .join(' ');
    const base = {
      entry: s.entry,
      text: list.entries[s.entry]?.text ?? s.spelled,
      startWord: s.startWord,
      endWord: s.endWord,
      startFrame,
      endFrame,
      heard,
    };
    if (heard === s.spelled) {
      return { ...base, stage: 'unbiased', accepted: true, reason: 'unbiased' } as const;
    }
    const stage = proposingStage(input.steps, s.spelled);
    const evidence = free && measure(input, free, s.entry, startFrame, endFrame);
    if (evidence === undefined) {
      return { ...base, stage, accepted: true, reason: 'unverified' } as const;
    }
    const accepted = passes(evidence, params);
    const rejection = evidence.phones < params.minPhones ? 'short-entry' : 'weak-evidence';
    return {
      ...base,
      stage,
      evidence,
      accepted,
      reason: accepted ? 'evidence' : rejection,
    } as const;
  });
  const spliced = spliceEntries(
    unbiased,
    candidates.filter((c) => c.accepted),
    biased,
  );
  return {
    hypothesis: { ...biased, words: spliced.words, text: spliced.text },
    candidates,
  };
}

/** The numbers of the acceptance rule (`PipelineParams['accept']` without its padding). */
export type AcceptanceRule = Pick<PipelineParams['accept'], 'threshold' | 'margin' | 'minPhones'>;

/**
 * The rule on measured evidence: the entry has at least `minPhones` phones, loses at most
 * `threshold` nats per phone to the free phone path, and gains at least `margin` nats over the
 * words plain decoding heard there (when that was measured).
 *
 * ```ts
 * const rule = { threshold: 1.25, margin: 1, minPhones: 4 };
 * passes({ phones: 5, llr: -2, perPhone: -0.4, vsHeard: 3.1 }, rule); // true
 * passes({ phones: 5, llr: -0.5, perPhone: -0.1, vsHeard: -0.8 }, rule); // false: margin
 * passes({ phones: 3, llr: 0, perPhone: 0, vsHeard: 9 }, rule); // false: too short
 * ```
 */
export function passes(
  evidence: NonNullable<Candidate['evidence']>,
  rule: AcceptanceRule,
): boolean {
  return (
    evidence.phones >= rule.minPhones &&
    evidence.perPhone >= -rule.threshold &&
    (evidence.vsHeard === undefined || evidence.vsHeard >= rule.margin)
  );
}

/**
 * The unbiased hypothesis with entries put in: each candidate's entry text (canonical spelling,
 * one `WordSpan` per word with `entry` set, its frames split evenly) replaces the unbiased words
 * whose middle frame falls inside the candidate's frames. Candidates must not overlap.
 *
 * When a replaced unbiased word reaches past the candidate (plain decoding ran the entry and a
 * neighbour together: "similgets" where the biased decoding has "simila gets"), the words of
 * `biased` in the part the candidate does not cover are put in too, so no word is lost.
 *
 * ```ts
 * // unbiased: call(0-4) cate(4-10) now(11-14); candidate 'kate' over frames 4-10
 * spliceEntries(unbiased, [candidate]).text; // 'call kate now'
 * // unbiased: when(0-5) similgets(5-20); biased: when simila(5-13) gets(13-20); candidate 5-13
 * spliceEntries(unbiased, [simila], biased).text; // 'when simila gets'
 * ```
 */
export function spliceEntries(
  unbiased: Hypothesis,
  candidates: readonly Pick<Candidate, 'entry' | 'text' | 'startFrame' | 'endFrame'>[],
  biased?: Hypothesis,
): Hypothesis {
  if (candidates.length === 0) return unbiased;
  const sorted = [...candidates].sort((a, b) => a.startFrame - b.startFrame);
  const mid = (w: WordSpan) => (w.startFrame + w.endFrame - 1) / 2;
  const inside = (f: number) => sorted.find((c) => f >= c.startFrame && f < c.endFrame);
  const words: WordSpan[] = [];
  // the frames each candidate's replaced words cover beyond the candidate itself
  const beyond: [number, number][] = [];
  for (const w of unbiased.words) {
    const c = inside(mid(w));
    if (c === undefined) {
      words.push(w);
      continue;
    }
    if (w.startFrame < c.startFrame) beyond.push([w.startFrame, c.startFrame]);
    if (w.endFrame > c.endFrame) beyond.push([c.endFrame, w.endFrame]);
  }
  for (const c of sorted) {
    const parts = splitWords(c.text);
    const span = c.endFrame - c.startFrame;
    parts.forEach((text, i) => {
      words.push({
        text,
        startFrame: c.startFrame + Math.floor((span * i) / parts.length),
        endFrame: c.startFrame + Math.floor((span * (i + 1)) / parts.length),
        entry: c.entry,
      });
    });
  }
  for (const w of biased?.words ?? []) {
    const m = mid(w);
    if (inside(m) === undefined && beyond.some(([from, to]) => m >= from && m < to)) {
      const { entry: _entry, ...plain } = w;
      words.push(plain);
    }
  }
  words.sort((x, y) => x.startFrame - y.startFrame || x.endFrame - y.endFrame);
  return { ...unbiased, words, text: words.map((w) => w.text).join(' ') };
}

export interface EntrySpan {
  readonly entry: number;
  readonly startWord: number;
  readonly endWord: number;
  /** The words as spelled in the hypothesis (the entry's text or one of its variants). */
  readonly spelled: string;
}

/**
 * Runs of words that spell an entry (text or variant), longest match first at each word, left
 * to right, non-overlapping. The entry is the one the words are marked with when they carry a
 * `WordSpan.entry`, else the first entry with that spelling.
 */
export function findEntrySpans(words: readonly WordSpan[], list: BiasingList): EntrySpan[] {
  const bySpelling = new Map<string, number>();
  let longest = 0;
  list.entries.forEach((e, i) => {
    for (const t of [e.text, ...e.variants]) {
      if (!bySpelling.has(t)) bySpelling.set(t, i);
      longest = Math.max(longest, splitWords(t).length);
    }
  });
  const out: EntrySpan[] = [];
  let k = 0;
  while (k < words.length) {
    let found: EntrySpan | undefined;
    for (let n = Math.min(longest, words.length - k); n >= 1 && !found; n--) {
      const spelled = words
        .slice(k, k + n)
        .map((x) => x.text)
        .join(' ');
      const byText = bySpelling.get(spelled);
      if (byText === undefined) continue;
      const marked = words[k]?.entry;
      const entry = marked !== undefined && list.entries[marked] !== undefined ? marked : byText;
      found = { entry, startWord: k, endWord: k + n, spelled };
    }
    if (found) {
      out.push(found);
      k = found.endWord;
    } else {
      k++;
    }
  }
  return out;
}

/** Words whose middle frame lies in `[from, to)`. */
function wordsInside(words: readonly WordSpan[], from: number, to: number): WordSpan[] {
  return words.filter((x) => {
    const mid = (x.startFrame + x.endFrame - 1) / 2;
    return mid >= from && mid < to;
  });
}

/**
 * The first step whose transcript holds the entry: `beam` (beam scorers and encoder transforms
 * act together), else the rescorer or rewriter that put it there; the last such step when none
 * matches the spelled text exactly.
 */
function proposingStage(steps: AcceptanceInput['steps'], spelled: string): string {
  const padded = ` ${spelled} `;
  let last = 'beam';
  for (const s of steps) {
    if (s.text === undefined) continue;
    if (` ${s.text} `.includes(padded)) return s.step;
    last = s.step;
  }
  return last;
}

/**
 * Score of the best free phone path over `[from, to)` (the frames' best symbols: a sum over
 * frames), from prefix sums of the frame maxima computed once per utterance; undefined without
 * phone posteriors.
 */
function freePathScores(output: EncoderOutput): ((from: number, to: number) => number) | undefined {
  if (output.phone === undefined) return undefined;
  const maxima = frameMaxima(output.phone);
  const prefix = new Float64Array(maxima.length + 1);
  maxima.forEach((m, t) => {
    prefix[t + 1] = (prefix[t] as number) + m;
  });
  return (from, to) => (prefix[to] as number) - (prefix[from] as number);
}

function measure(
  input: AcceptanceInput,
  free: (from: number, to: number) => number,
  entryIndex: number,
  startFrame: number,
  endFrame: number,
): Candidate['evidence'] {
  const { phone, phoneSymbols } = input.output;
  if (phone === undefined || phoneSymbols === undefined) return undefined;
  const pronunciations = pronunciationsOf(input, entryIndex);
  if (pronunciations.length === 0) return undefined;
  const heardWords = wordsInside(input.unbiased.words, startFrame, endFrame);
  const heard =
    input.lexicon === undefined
      ? undefined
      : heardPronunciations(heardWords, input.lexicon, phoneSymbols);
  // the heard words' own frames (they may reach past the candidate's); the candidate's if none
  const heardStart = Math.min(startFrame, ...heardWords.map((w) => w.startFrame));
  const heardEnd = Math.max(endFrame, ...heardWords.map((w) => w.endFrame));
  // Best path over [lo, hi) in which `words` cover [s, e) and may take padding frames next to
  // it; the rest of [lo, hi) (the neighbours' phones, perhaps) scores its best symbols.
  const covering = (
    words: readonly (readonly (readonly string[])[])[],
    lo: number,
    hi: number,
    s: number,
    e: number,
  ) => {
    let score = Number.NEGATIVE_INFINITY;
    for (let a = lo; a <= s; a++) {
      for (let b = Math.max(e, a + 1); b <= hi; b++) {
        const inside = alignWords(slicePosteriors(phone, a, b), phoneSymbols, words).logProb;
        score = Math.max(score, free(lo, a) + inside + free(b, hi));
      }
    }
    return score;
  };
  let best: NonNullable<Candidate['evidence']> | undefined;
  for (const p of pronunciations) {
    if (p.some((x) => !phoneSymbols.includes(x))) continue;
    // the words' frames widened by padFrames, and further (evenly) until they can hold the phones
    const need = Math.max(
      0,
      2 * p.length + 1 - (endFrame - startFrame) - 2 * input.params.padFrames,
    );
    const pad = input.params.padFrames + Math.ceil(need / 2);
    const from = Math.max(0, startFrame - pad);
    const to = Math.min(phone.frames, endFrame + pad);
    const entryPath = covering([[p]], from, to, startFrame, endFrame);
    const llr = entryPath - free(from, to);
    const perPhone = llr / p.length;
    if (best !== undefined && !(perPhone > best.perPhone)) continue;
    best = { phones: p.length, llr, perPhone };
    if (heard !== undefined) {
      // both paths over one window that holds the entry's frames and the heard words' frames
      const lo = Math.min(from, Math.max(0, heardStart - input.params.padFrames));
      const hi = Math.max(to, Math.min(phone.frames, heardEnd + input.params.padFrames));
      const competitor = covering(heard, lo, hi, heardStart, heardEnd);
      // −∞ when the entry does not fit at all; +∞ when the heard words do not
      const vsHeard =
        entryPath === Number.NEGATIVE_INFINITY
          ? entryPath
          : entryPath + free(lo, from) + free(to, hi) - competitor;
      best = { ...best, vsHeard };
    }
  }
  return best;
}

/**
 * The words plain decoding heard over the candidate's frames, each with up to three lexicon
 * pronunciations (a word the lexicon cannot say is a free span: it scores the frames' best
 * phones, so it never loses to the entry); none at all when it heard nothing there (the
 * competitor is then silence: blanks).
 */
function heardPronunciations(
  words: readonly WordSpan[],
  lexicon: PronunciationLexicon,
  phoneSymbols: readonly string[],
): (readonly (readonly string[])[])[] {
  return words.map((w) => {
    const prons = lexicon
      .pronounce(w.text, 3)
      .map((x) => x.phones)
      .filter((x) => x.length > 0 && x.every((ph) => phoneSymbols.includes(ph)));
    return prons.length > 0 ? prons : [];
  });
}

/** The entry's pronunciations, or the lexicon's for its words (as the list preparation gives them). */
function pronunciationsOf(
  input: AcceptanceInput,
  entryIndex: number,
): readonly (readonly string[])[] {
  const entry = input.list.entries[entryIndex];
  if (entry === undefined) return [];
  if (entry.pronunciations.length > 0 || input.lexicon === undefined) return entry.pronunciations;
  return (
    pronounceList(createBiasingList([entry]), input.lexicon, 3).entries[0]?.pronunciations ?? []
  );
}
