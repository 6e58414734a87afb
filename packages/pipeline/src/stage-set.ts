import { CtcBiasError } from '@ctcbias/core';
import { phoneEditDistance } from '@ctcbias/lexicon';
import { type StageRegistry, stageRegistry } from './registry.js';

/**
 * A set of enabled stages by name, always in the registry's pipeline order (built-ins: g2g,
 * adapter, boost, lm, phonetic, lexicon; a plugin at its position).
 *
 * ```ts
 * parseStages('all');            // ['g2g', 'adapter', 'boost', 'lm', 'phonetic', 'lexicon']
 * parseStages('none');           // []  (plain beam search, no LM)
 * parseStages('lm, boost');      // ['boost', 'lm']  (order and spaces do not matter)
 * parseStages('boots');          // throws INVALID_ARGUMENT: unknown stage (did you mean "boost"?) …
 * ```
 */
export type StageSet = readonly string[];

/** Sorts and de-duplicates stage names into pipeline order; throws for a name not registered. */
export function stageSet(
  names: Iterable<string>,
  registry: StageRegistry = stageRegistry,
): StageSet {
  const wanted = new Set(names);
  for (const n of wanted) if (!registry.has(n)) throw unknownStage(n, registry);
  return Object.freeze(registry.names().filter((s) => wanted.has(s)));
}

/**
 * Parses a `--stages` value: `all`, `none`, or a comma-separated list of registered stage
 * names. Throws `CtcBiasError('INVALID_ARGUMENT')` naming the bad part, with a suggestion for a
 * near-miss.
 */
export function parseStages(spec: string, registry: StageRegistry = stageRegistry): StageSet {
  const trimmed = spec.trim();
  if (trimmed === 'all') return Object.freeze(registry.names());
  if (trimmed === 'none') return Object.freeze([]);
  const parts = trimmed.split(',').map((p) => p.trim());
  for (const part of parts) {
    if (part === '') {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        `empty stage name in --stages; ${expected(registry)}`,
        {
          value: spec,
        },
      );
    }
    if (part === 'all' || part === 'none') {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        `"${part}" cannot be combined with other stages; ${expected(registry)}`,
        { value: spec },
      );
    }
  }
  return stageSet(parts, registry);
}

/**
 * Formats a stage set the way {@link parseStages} reads it: `none`, `all` (every registered
 * stage), or the names joined by `separator`.
 */
export function formatStages(
  stages: StageSet,
  separator = ',',
  registry: StageRegistry = stageRegistry,
): string {
  if (stages.length === 0) return 'none';
  if (stages.length === registry.names().length && stages.every((s) => registry.has(s)))
    return 'all';
  return stages.join(separator);
}

function unknownStage(name: string, registry: StageRegistry): CtcBiasError {
  const hint = closest(name, [...registry.names(), 'all', 'none']);
  return new CtcBiasError(
    'INVALID_ARGUMENT',
    `unknown stage${hint ? ` (did you mean "${hint}"?)` : ''}; ${expected(registry)}`,
    { value: name },
  );
}

function expected(registry: StageRegistry): string {
  return `expected "all", "none" or a comma-separated list of: ${registry.names().join(', ')}`;
}

function closest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const name of names) {
    const d = phoneEditDistance([...word.toLowerCase()], [...name], bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = name;
    }
  }
  return best;
}
