import { type BiasingList, defineStage, type TokenScorer } from '@ctcbias/core';

/** Options of {@link createListBonus}. */
export interface ListBonusOptions {
  /** Bonus per matched token, times the entry's weight (natural log). Default 1. */
  readonly bonus?: number;
  /** Key of the scores in `Hypothesis.scores`. Default `list-bonus`. */
  readonly name?: string;
}

/**
 * State of {@link createListBonus}: where the hypothesis is in the token trie of the list, and
 * how much bonus the current partial match has gained (to give back if it fails).
 */
export interface ListBonusState {
  readonly node: number;
  readonly gained: number;
}

/**
 * A biasing plugin for the beam: a `TokenScorer` that adds `bonus × weight` for each token that
 * continues one of the list's tokenizations from a word start, and gives the bonus back when the
 * match breaks off or the utterance ends mid-entry. (A much simpler cousin of @ctcbias/beam's
 * adaptive entity booster: constant bonus, no failure links.)
 *
 * ```ts
 * // entry "kate" tokenized as [5, 6] (▁ka te)
 * const s = createListBonus(list, { bonus: 1 });
 * // tokens 5, 6      → +1, +1, finish 0    total +2 (a whole entry keeps its bonus)
 * // tokens 5, 9      → +1, -1              total  0 (broken match: bonus given back)
 * // tokens 5 (end)   → +1, finish -1       total  0
 * ```
 *
 * States are immutable values: the beam shares them between hypotheses.
 */
export function createListBonus(
  list: BiasingList,
  options: ListBonusOptions = {},
): TokenScorer<ListBonusState> {
  const bonus = options.bonus ?? 1;
  // Trie over token ids: children[node] maps token → child; weight[node] > 0 marks an entry end.
  const children: Map<number, number>[] = [new Map()];
  const weight: number[] = [0];
  const reach: number[] = [0]; // largest entry weight reachable through the node
  for (const entry of list.entries) {
    for (const tokens of entry.tokenizations) {
      let node = 0;
      for (const t of tokens) {
        let next = children[node]?.get(t);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          weight.push(0);
          reach.push(0);
          children[node]?.set(t, next);
        }
        node = next;
        reach[node] = Math.max(reach[node] ?? 0, entry.weight);
      }
      weight[node] = Math.max(weight[node] ?? 0, entry.weight);
    }
  }
  const ROOT: ListBonusState = { node: 0, gained: 0 };
  return {
    name: options.name ?? 'list-bonus',
    initial: () => ROOT,
    step(state, token, ctx) {
      // A completed entry followed by a new word keeps its bonus; anything else open is at risk.
      const completed = (weight[state.node] ?? 0) > 0 && ctx.wordStart;
      const giveBack = completed ? 0 : -state.gained;
      const from = ctx.wordStart ? 0 : state.node;
      const next = children[from]?.get(token);
      if (next === undefined) return { state: ROOT, score: giveBack };
      const gain = bonus * (reach[next] ?? 0);
      return {
        state: { node: next, gained: (from === 0 ? 0 : state.gained) + gain },
        score: gain + (from === 0 ? giveBack : 0),
      };
    },
    finish: (state) => ((weight[state.node] ?? 0) > 0 ? 0 : -state.gained),
  };
}

/**
 * The `list-bonus` stage: {@link createListBonus} as a beam scorer the pipeline switches on by
 * name. Register it, then ask for it next to (or instead of) the built-in stages:
 *
 * ```ts
 * import { registerStage } from '@ctcbias/pipeline';
 * import { createPipeline } from '@ctcbias/pipeline/node';
 * import listBonusStage from '@ctcbias/plugin-list-bonus';
 * registerStage(listBonusStage);
 * const pipeline = await createPipeline({ stages: 'list-bonus,lm', params: { 'list-bonus': { bonus: 1.5 } } });
 * ```
 *
 * or from the CLI: `ctcbias eval --plugin ./src/index.ts --stages list-bonus,lm --set list-bonus.bonus=1.5 …`.
 */
export const listBonusStage = defineStage({
  specificationVersion: 'v1',
  name: 'list-bonus',
  position: 'beam-scorer',
  description:
    'constant bonus per token of a list entry, given back when the match breaks (template)',
  options: {
    bonus: {
      type: 'number',
      default: 1,
      min: 0,
      description: 'nats per matched token, times the entry weight',
    },
  },
  async load() {
    return {
      create: ({ bonus }) => ({
        name: 'list-bonus',
        scorerFor: (list) => createListBonus(list, { bonus }),
      }),
    };
  },
});

export default listBonusStage;
