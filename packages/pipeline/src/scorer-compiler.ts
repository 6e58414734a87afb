import type { BiasingList, ScorerCompiler, TokenScorer, Vocabulary } from '@ctcbias/core';

/**
 * A {@link ScorerCompiler} that compiles its token scorer once per (prepared) list object — the
 * pipeline prepares a list once per content, so every utterance with that list reuses it.
 *
 * ```ts
 * const boost = scorerCompiler('boost', (list, vocabulary) => compileEntityBooster(list, vocabulary));
 * boost.scorerFor(list, vocabulary) === boost.scorerFor(list, vocabulary); // true
 * ```
 */
export function scorerCompiler(
  name: string,
  compile: (list: BiasingList, vocabulary: Vocabulary) => TokenScorer<unknown>,
): ScorerCompiler {
  const cache = new WeakMap<BiasingList, TokenScorer<unknown>>();
  return {
    name,
    scorerFor(list, vocabulary) {
      let s = cache.get(list);
      if (s === undefined) {
        s = compile(list, vocabulary);
        cache.set(list, s);
      }
      return s;
    },
  };
}
