import { type LanguageModel, splitWords } from '@ctcbias/core';

/** Result of {@link perplexity}. */
export interface PerplexityReport {
  readonly sentences: number;
  /** Scored tokens: the words plus one `</s>` per sentence. */
  readonly tokens: number;
  /** Words the LM reports as out of vocabulary (scored as `<unk>`). */
  readonly oovs: number;
  /** Total natural-log probability over all tokens. */
  readonly logProb: number;
  /** exp(-logProb / tokens), OOVs included (KenLM's "Perplexity including OOVs"). */
  readonly perplexity: number;
  /** The same with OOV words left out of both the sum and the count. */
  readonly perplexityExcludingOovs: number;
}

/**
 * Perplexity of `lm` on normalized sentences (words separated by single spaces), each scored
 * from `<s>` through `</s>`.
 *
 * ```ts
 * perplexity(lm, ['the cat sat', 'a dog ran']).perplexity; // e.g. 212.4
 * ```
 */
export function perplexity<S>(lm: LanguageModel<S>, sentences: Iterable<string>): PerplexityReport {
  let n = 0;
  let tokens = 0;
  let oovs = 0;
  let logProb = 0;
  let oovLogProb = 0;
  for (const sentence of sentences) {
    const words = splitWords(sentence);
    if (words.length === 0) continue;
    n++;
    let s = lm.start();
    for (const w of words) {
      const r = lm.score(s, w);
      s = r.state;
      logProb += r.logProb;
      if (lm.isOov?.(w) === true) {
        oovs++;
        oovLogProb += r.logProb;
      }
    }
    logProb += lm.end(s);
    tokens += words.length + 1;
  }
  return {
    sentences: n,
    tokens,
    oovs,
    logProb,
    perplexity: Math.exp(-logProb / tokens),
    perplexityExcludingOovs: Math.exp(-(logProb - oovLogProb) / (tokens - oovs)),
  };
}
