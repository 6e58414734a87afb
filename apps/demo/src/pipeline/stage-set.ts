import { CtcBiasError, STAGE_NAMES, type StageName } from '@ctcbias/core';

/**
 * A set of enabled stages, always in pipeline order (`STAGE_NAMES`: g2g, adapter, boost, lm,
 * phonetic, lexicon).
 *
 * ```ts
 * parseStages('all');            // ['g2g', 'adapter', 'boost', 'lm', 'phonetic', 'lexicon']
 * parseStages('none');           // []  (plain beam search, no LM)
 * parseStages('lm, boost');      // ['boost', 'lm']  (order and spaces do not matter)
 * parseStages('boots');          // throws INVALID_ARGUMENT: unknown stage "boots" (did you mean "boost"?) …
 * ```
 */
export type StageSet = readonly StageName[];

const KNOWN: ReadonlySet<string> = new Set(STAGE_NAMES);

/** Every stage, in pipeline order. */
export const ALL_STAGES: StageSet = STAGE_NAMES;

/** True when `name` is one of the six stage names. */
export function isStageName(name: string): name is StageName {
  return KNOWN.has(name);
}

/** Sorts and de-duplicates stage names into pipeline order. */
export function stageSet(names: Iterable<StageName>): StageSet {
  const wanted = new Set(names);
  return Object.freeze(STAGE_NAMES.filter((s) => wanted.has(s)));
}

/**
 * Parses a `--stages` value: `all`, `none`, or a comma-separated list of stage names. Throws
 * `CtcBiasError('INVALID_ARGUMENT')` naming the bad part, with a suggestion for a near-miss.
 */
export function parseStages(spec: string): StageSet {
  const trimmed = spec.trim();
  if (trimmed === 'all') return ALL_STAGES;
  if (trimmed === 'none') return Object.freeze([]);
  const parts = trimmed.split(',').map((p) => p.trim());
  const names: StageName[] = [];
  for (const part of parts) {
    if (part === '') {
      throw new CtcBiasError('INVALID_ARGUMENT', `empty stage name in --stages; ${expected()}`, {
        value: spec,
      });
    }
    if (part === 'all' || part === 'none') {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        `"${part}" cannot be combined with other stages; ${expected()}`,
        { value: spec },
      );
    }
    if (!isStageName(part)) {
      const hint = closest(part);
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        `unknown stage${hint ? ` (did you mean "${hint}"?)` : ''}; ${expected()}`,
        { value: part },
      );
    }
    names.push(part);
  }
  return stageSet(names);
}

/** Formats a stage set the way {@link parseStages} reads it (`none`, `all`, or `a+b`-style label). */
export function formatStages(stages: StageSet, separator = ','): string {
  if (stages.length === 0) return 'none';
  if (stages.length === STAGE_NAMES.length) return 'all';
  return stages.join(separator);
}

function expected(): string {
  return `expected "all", "none" or a comma-separated list of: ${STAGE_NAMES.join(', ')}`;
}

function closest(word: string): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const name of [...STAGE_NAMES, 'all', 'none']) {
    const d = editDistance(word.toLowerCase(), name);
    if (d < bestDist) {
      bestDist = d;
      best = name;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
