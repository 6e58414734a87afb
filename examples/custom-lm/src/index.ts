import {
  CtcBiasError,
  type LanguageModel,
  type LmStep,
  normalizeText,
  splitWords,
  UNK_WORD,
} from '@ctcbias/core';
import { languageModelStage } from '@ctcbias/pipeline';

/** Options of {@link unigramLm}. */
export interface UnigramOptions {
  /** Added to every count (Laplace smoothing), `<unk>` and `</s>` included. Default 0.5. */
  readonly smoothing?: number;
}

/**
 * Your own `LanguageModel` (core's contract), in a few lines: a unigram model of a domain text —
 * every word's relative frequency, `<unk>` for the rest. Its state carries nothing (a unigram has
 * no history), so one value serves every hypothesis.
 *
 * ```ts
 * const lm = unigramLm('the patient takes ibuprofen\nibuprofen twice a day');
 * Math.exp(lm.score(lm.start(), 'ibuprofen').logProb); // (2 + 0.5) / (10 + 0.5 × 9) ≈ 0.172
 * lm.isOov?.('aspirin');                               // true (scored as <unk>)
 * ```
 */
export function unigramLm(text: string, options: UnigramOptions = {}): LanguageModel<null> {
  const smoothing = options.smoothing ?? 0.5;
  if (!(smoothing > 0) || !Number.isFinite(smoothing)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'smoothing must be a positive number', {
      value: smoothing,
    });
  }
  const counts = new Map<string, number>();
  let sentences = 0;
  for (const line of text.split('\n')) {
    const words = splitWords(normalizeText(line));
    if (words.length === 0) continue;
    sentences++;
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  if (counts.size === 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'the domain text has no words');
  }
  const eos = '</s>';
  counts.set(eos, sentences);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const denominator = total + smoothing * (counts.size + 1); // + 1 for <unk>
  const logProb = (word: string) => Math.log(((counts.get(word) ?? 0) + smoothing) / denominator);
  const prefixes = new Set<string>(['']);
  for (const w of counts.keys()) for (let i = 1; i <= w.length; i++) prefixes.add(w.slice(0, i));
  return {
    start: () => null,
    score: (state, word): LmStep<null> => ({
      state,
      logProb: counts.has(word) && word !== eos ? logProb(word) : logProb(UNK_WORD),
    }),
    end: () => logProb(eos),
    isOov: (word) => !counts.has(word) || word === eos,
    isKnownPrefix: (prefix) => prefixes.has(prefix),
  };
}

/**
 * The `domain-lm` stage: {@link unigramLm} of the text file given for it (`--file domain-lm=FILE`,
 * or `files: { 'domain-lm': FILE }`), fused in the beam *beside* the built-in n-gram `lm` — a
 * log-linear mix of a general and a domain model. It does not boost the list itself
 * (`classBoost` 0 by default; the `lm` stage does), and has the `lm` stage's other knobs.
 *
 * ```sh
 * pnpm ctcbias transcribe call.wav --list drugs.txt --plugin examples/custom-lm/src/index.ts \
 *   --stages boost,lm,domain-lm --file domain-lm=notes.txt --set domain-lm.alpha=0.3
 * ```
 */
export const domainLmStage = languageModelStage({
  name: 'domain-lm',
  description: 'unigram LM of a domain text (--file domain-lm=FILE), beside the n-gram LM',
  defaults: { alpha: 0.3, beta: 0, classBoost: 0, oovOffset: 0 },
  async load(env) {
    if (env.file === undefined) {
      return { unavailable: 'no domain text given (--file domain-lm=FILE)' };
    }
    const bytes = await env.read(env.file);
    return unigramLm(new TextDecoder().decode(bytes));
  },
});

export default domainLmStage;
