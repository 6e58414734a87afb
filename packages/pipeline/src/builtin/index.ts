import type { BiasingStage, StageOptionsOf, StageOptionsSchema } from '@ctcbias/core';
import { adapterStage } from './adapter.js';
import { boostStage } from './boost.js';
import { g2gStage } from './g2g.js';
import { lexiconStage } from './lexicon.js';
import { lmStage } from './lm.js';
import { phoneticStage } from './phonetic.js';

export { adapterStage, boostStage, g2gStage, lexiconStage, lmStage, phoneticStage };

/** The six built-in stages, registered in this order (which is pipeline order). */
export const BUILTIN_STAGES: readonly BiasingStage[] = Object.freeze([
  g2gStage,
  adapterStage,
  boostStage,
  lmStage,
  phoneticStage,
  lexiconStage,
]);

/** The option values of each built-in stage (typed access: `params.boost.maxBoost`). */
export interface BuiltinStageParams {
  readonly g2g: OptionsOf<typeof g2gStage>;
  readonly adapter: OptionsOf<typeof adapterStage>;
  readonly boost: OptionsOf<typeof boostStage>;
  readonly lm: OptionsOf<typeof lmStage>;
  readonly phonetic: OptionsOf<typeof phoneticStage>;
  readonly lexicon: OptionsOf<typeof lexiconStage>;
}

type OptionsOf<T> = T extends { readonly options: infer S extends StageOptionsSchema }
  ? StageOptionsOf<S>
  : never;
