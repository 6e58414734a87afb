/**
 * A list entry found in a decoded token sequence: tokens `[startToken, endToken)` spell
 * `BiasingList.entries[entry]` as whole words.
 *
 * ```ts
 * // tokens ▁the ▁ka te ▁is   with entry 4 = "kate" → [▁ka, te]
 * { entry: 4, startToken: 1, endToken: 3 }
 * ```
 */
export interface EntityMatch {
  readonly entry: number;
  /** Index of the match's first token (inclusive). */
  readonly startToken: number;
  /** One past the match's last token (exclusive). */
  readonly endToken: number;
}

/**
 * Something that can say which list entries a token sequence contains. When a token scorer
 * passed to the beam also implements this (the entity booster does), the beam uses it to fill
 * `WordSpan.entry` of the hypotheses it returns. Matches must not overlap.
 */
export interface EntityMatcher {
  matchEntities(tokens: readonly number[]): readonly EntityMatch[];
}

/** Type guard: does this scorer also tag entities? */
export function isEntityMatcher<T>(x: T): x is T & EntityMatcher {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { matchEntities?: unknown }).matchEntities === 'function'
  );
}
