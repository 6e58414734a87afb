import { type StageRegistry, stageRegistry } from './registry.js';
import { type StageSet, stageSet } from './stage-set.js';

/** One configuration of an ablation: a label and the stages it enables. */
export interface AblationConfig {
  /** `none`, a stage name (alone), `a+b` (cumulative), `all`, or `all-stage` (leave one out). */
  readonly label: string;
  readonly kind: 'none' | 'alone' | 'cumulative' | 'all' | 'without';
  readonly stages: StageSet;
}

/**
 * The configurations of an ablation over the `available` stages: `none`; each stage alone;
 * cumulative (`adapter`, `+boost`, `+lm`, …) in the registry's cumulative order (built-ins:
 * adapter, boost, lm, phonetic, lexicon, g2g; a plugin at its position); `all` (every
 * available stage); then, with two or more stages, `all-<stage>` for each (leave one out: what
 * the stage adds to all the others). Apart from the leave-one-out rows, a configuration equal to
 * an earlier one is left out; `eval` decodes each distinct stage set once.
 *
 * ```ts
 * ablationConfigs(['adapter', 'boost', 'lm']).map((c) => c.label);
 * // ['none', 'adapter', 'boost', 'lm', 'adapter+boost', 'all',
 * //  'all-adapter', 'all-boost', 'all-lm']
 * ```
 */
export function ablationConfigs(
  available: StageSet,
  registry: StageRegistry = stageRegistry,
): AblationConfig[] {
  const configs: AblationConfig[] = [];
  const seen = new Set<string>();
  const add = (label: string, kind: AblationConfig['kind'], stages: StageSet) => {
    const key = stages.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    configs.push({ label, kind, stages });
  };
  const order = registry.cumulativeOrder().filter((s) => available.includes(s));
  const all = stageSet(available, registry);
  add('none', 'none', []);
  for (const s of all) add(s, 'alone', [s]);
  // The last cumulative step equals `all`; it is emitted as `all` below.
  for (let k = 2; k < order.length; k++) {
    add(order.slice(0, k).join('+'), 'cumulative', stageSet(order.slice(0, k), registry));
  }
  if (all.length > 0) {
    seen.delete(all.join(','));
    add('all', 'all', all);
  }
  if (all.length > 1) {
    for (const s of all) {
      configs.push({ label: `all-${s}`, kind: 'without', stages: all.filter((x) => x !== s) });
    }
  }
  return configs;
}
