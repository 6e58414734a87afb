import {
  type BiasingList,
  CtcBiasError,
  type EncoderOutput,
  type Hypothesis,
  type NBest,
  type NBestRescorer,
  type PronunciationLexicon,
  splitWords,
  type WordSpan,
} from '@ctcbias/core';
import { requirePhonePosteriors } from './align.js';
import { bestPath } from './best-path.js';
import { HypothesisPronouncer, type PronouncedSpan } from './hypothesis-pronouncer.js';
import {
  alignWordsInWindows,
  ctcWordsLogLikelihoodInWindows,
  DEFAULT_WINDOW_FRAMES,
  type WordFrames,
} from './windows.js';

/** Options of {@link createPhoneticRescorer}. */
export interface PhoneticRescorerOptions {
  /** Pronunciations of hypothesis words that are not list entries (e.g. CMUdict + g2p). */
  readonly lexicon: PronunciationLexicon;
  /** Weight of the phonetic score added to each hypothesis's score; default 1, ≥ 0. */
  readonly weight?: number;
  /**
   * `viterbi` (default): the best single alignment, best pronunciation per word. `forward`: the
   * full CTC log-likelihood, summed over paths and over the words' alternative pronunciations.
   */
  readonly scoring?: 'viterbi' | 'forward';
  /**
   * `none` (default): the cost in nats over the whole utterance — the same scale as the beam's
   * acoustic score, which is also a sum over all frames. `per-frame`: the cost divided by the
   * number of frames (then the weight has to grow with utterance length to keep its effect).
   */
  readonly normalize?: 'none' | 'per-frame';
  /** At most this many lexicon pronunciations per word; default 3. */
  readonly pronunciationsPerWord?: number;
}

/** A hypothesis's words, falling back to its text when it has no word spans. */
export function wordsOf(h: Hypothesis): readonly Pick<WordSpan, 'text' | 'entry'>[] {
  if (h.words.length > 0 || h.text === '') return h.words;
  return splitWords(h.text).map((text) => ({ text }));
}

/**
 * Phonetic-distance rescoring (`NBestRescorer` named `phonetic`). For each hypothesis:
 *
 * 1. pronounce its words ({@link HypothesisPronouncer}: matched list entries, list spellings,
 *    then the injected lexicon);
 * 2. force-align that pronunciation to the phone posteriors (`scoring`: Viterbi with the best
 *    pronunciation per word, or the forward log-likelihood);
 * 3. cost = best-path log-prob of the posteriors − alignment log-prob: 0 when the hypothesis
 *    explains the phones as well as the unconstrained best path does (≥ 0 for Viterbi; forward
 *    may go below 0). Divided by the frame count when `normalize` is `per-frame`;
 * 4. `scores.phonetic = -weight × cost` is added to `score` (replacing an earlier `phonetic`
 *    score), and the list is re-sorted, best first (stable for ties).
 *
 * A hypothesis that cannot be aligned (a word no source can pronounce, or more phones than the
 * frames hold) gets the worst cost among those that can, so the beam score decides among them;
 * when none can be aligned the list is returned unchanged. Identical pronunciation sequences
 * are aligned once per call.
 *
 * Throws `CtcBiasError('UNSUPPORTED')` when the encoder output has no phone posteriors, and
 * `INVALID_ARGUMENT` for a pronunciation with a phone the posteriors lack.
 *
 * ```ts
 * const phonetic = createPhoneticRescorer({ lexicon: cmudict, weight: 0.5 });
 * const reranked = phonetic.rescore(nbest, encoderOutput, list);
 * reranked[0].scores.phonetic; // e.g. -0.8 (nats × weight)
 * ```
 */
export function createPhoneticRescorer(options: PhoneticRescorerOptions): NBestRescorer {
  const weight = options.weight ?? 1;
  if (!Number.isFinite(weight) || weight < 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'phonetic weight must be a finite number ≥ 0', {
      value: weight,
    });
  }
  const scoring = options.scoring ?? 'viterbi';
  const perFrame = (options.normalize ?? 'none') === 'per-frame';
  const perWord = options.pronunciationsPerWord ?? 3;
  if (!Number.isInteger(perWord) || perWord < 1) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'pronunciationsPerWord must be an integer ≥ 1', {
      value: perWord,
    });
  }

  return {
    name: 'phonetic',
    rescore(nbest: NBest, output: EncoderOutput, list: BiasingList): NBest {
      if (nbest.length === 0) return nbest;
      const { phone, phoneSymbols: symbols } = requirePhonePosteriors(output);
      const pronouncer = new HypothesisPronouncer(list, options.lexicon, {
        pronunciationsPerWord: perWord,
      });
      const best = bestPath(phone, symbols).logProb;
      const byPronunciation = new Map<string, number>();
      const costs = nbest.map((h) => {
        const spans = pronouncer.pronounce(wordsOf(h));
        const words = spans.map((s) => s.pronunciations);
        if (words.some((alts) => alts.length === 0)) return Number.POSITIVE_INFINITY;
        // long audio is aligned in windows cut between words (linear in length)
        const timings = spanFrames(h, spans);
        // in one window the times do not matter: hypotheses that sound alike share a score
        const k = JSON.stringify(phone.frames > DEFAULT_WINDOW_FRAMES ? [words, timings] : words);
        let lp = byPronunciation.get(k);
        if (lp === undefined) {
          lp =
            scoring === 'viterbi'
              ? alignWordsInWindows(phone, symbols, words, timings).logProb
              : ctcWordsLogLikelihoodInWindows(phone, symbols, words, timings);
          byPronunciation.set(k, lp);
        }
        return best - lp;
      });
      const finite = costs.filter(Number.isFinite);
      if (finite.length === 0) return nbest;
      const worst = Math.max(...finite);
      const frames = Math.max(1, phone.frames);
      return nbest
        .map((h, i) => {
          const c = costs[i] as number;
          const cost = Number.isFinite(c) ? c : worst;
          const phonetic = -weight * (perFrame ? cost / frames : cost);
          const previous = h.scores.phonetic ?? 0;
          return {
            ...h,
            score: h.score - previous + phonetic,
            scores: { ...h.scores, phonetic },
          };
        })
        .sort((a, b) => b.score - a.score);
    },
  };
}

/** Each pronounced span's decoded frames, or `[]` when the hypothesis has no word times. */
function spanFrames(h: Hypothesis, spans: readonly PronouncedSpan[]): WordFrames[] {
  if (h.words.length === 0) return [];
  return spans.map((s) => ({
    startFrame: (h.words[s.startWord] as WordSpan).startFrame,
    endFrame: (h.words[s.endWord - 1] as WordSpan).endFrame,
  }));
}
