import {
  type BiasingStage,
  type BiasingStageV1,
  defineStage,
  type LanguageModel,
  type StageEnvironment,
} from '@ctcbias/core';
import { BoostClassLm, readLm, ShallowFusionScorer } from '@ctcbias/lm-boost';
import { scorerCompiler } from '../scorer-compiler.js';

/** The knobs every language-model stage has (`lm.*`, or a custom LM stage's). */
const LM_OPTIONS = {
  alpha: { type: 'number', default: 0.6, min: 0, description: 'LM weight α' },
  beta: { type: 'number', default: 3, description: 'word insertion bonus β' },
  // large because the small default model garbles many words into out-of-vocabulary spellings;
  // a stronger acoustic model will want smaller classBoost / oovOffset
  classBoost: {
    type: 'number',
    default: 10,
    description: 'BOOST-class bonus per unit of entry weight',
  },
  oovOffset: {
    type: 'number',
    default: -12,
    description: 'added to the LM score of out-of-vocabulary words that are not list entries',
  },
} as const;

/** What {@link languageModelStage} needs to know about a language model. */
export interface LanguageModelStageDefinition {
  /** The stage's name (`lm` for the built-in one). */
  readonly name: string;
  readonly description: string;
  /** Loads the model once per pipeline (from `env.file`, `env.read`, or anything else). */
  load(env: StageEnvironment): Promise<LanguageModel<unknown> | { readonly unavailable: string }>;
  /** Other defaults for the knobs (`{ classBoost: 0 }` for an LM that should not boost the list). */
  readonly defaults?: Partial<Record<keyof typeof LM_OPTIONS, number>>;
}

/**
 * A beam-scorer stage for any word-level `LanguageModel` (core's contract): shallow fusion with
 * the list's entries as a BOOST class under `<unk>`, with the built-in `lm` stage's knobs
 * (`alpha`, `beta`, `classBoost`, `oovOffset`), running in the decoding without the list too. The
 * built-in `lm` is `languageModelStage` over an n-gram file; yours can be anything.
 *
 * ```ts
 * const unigram: LanguageModel<null> = { start: () => null, end: () => -2, score: … };
 * registerStage(languageModelStage({
 *   name: 'my-lm',
 *   description: 'a unigram LM of my domain',
 *   load: async () => unigram,
 *   defaults: { alpha: 0.3, classBoost: 0 },
 * }));
 * // --stages boost,lm,my-lm --set my-lm.alpha=0.5
 * ```
 */
export function languageModelStage(
  definition: LanguageModelStageDefinition,
): BiasingStageV1<'beam-scorer', typeof LM_OPTIONS> & BiasingStage {
  const options = Object.fromEntries(
    Object.entries(LM_OPTIONS).map(([knob, spec]) => [
      knob,
      { ...spec, default: definition.defaults?.[knob as keyof typeof LM_OPTIONS] ?? spec.default },
    ]),
  ) as unknown as typeof LM_OPTIONS;
  return defineStage({
    specificationVersion: 'v1',
    name: definition.name,
    position: 'beam-scorer',
    description: definition.description,
    withoutList: true,
    options,
    async load(env) {
      const base = await definition.load(env);
      if ('unavailable' in base) return base;
      return {
        create: (o) =>
          scorerCompiler(
            definition.name,
            (list, vocabulary) =>
              new ShallowFusionScorer({
                vocabulary,
                lm: new BoostClassLm(base, list, { boost: o.classBoost }),
                alpha: o.alpha,
                beta: o.beta,
                oovOffset: o.oovOffset,
                name: definition.name,
              }),
          ),
      };
    },
  });
}

/**
 * `lm`: n-gram shallow fusion with the list's entries as a BOOST class under `<unk>`. Its file is
 * `files.lm` (`--lm`): `.arpa` / `.arpa.gz` text or @ctcbias/lm-boost's binary format; in Node,
 * the embedded LM by default. It also runs without a list (plain decoding with an LM).
 */
export const lmStage = languageModelStage({
  name: 'lm',
  description: 'n-gram LM shallow fusion; list entries as a BOOST class',
  async load(env) {
    if (env.file === undefined) return { unavailable: 'no LM file given (files.lm, --lm FILE)' };
    return readLm(await env.read(env.file), env.file);
  },
});
