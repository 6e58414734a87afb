import { defineStage } from '@ctcbias/core';
import { BoostClassLm, readLm, ShallowFusionScorer } from '@ctcbias/lm-boost';
import { scorerCompiler } from '../scorer-compiler.js';

/**
 * `lm`: n-gram shallow fusion with the list's entries as a BOOST class under `<unk>`. Its file is
 * `files.lm` (`--lm`): `.arpa` / `.arpa.gz` text or @ctcbias/lm-boost's binary format; in Node,
 * the embedded LM by default. It also runs without a list (plain decoding with an LM).
 */
export const lmStage = defineStage({
  specificationVersion: 'v1',
  name: 'lm',
  position: 'beam-scorer',
  description: 'n-gram LM shallow fusion; list entries as a BOOST class',
  withoutList: true,
  options: {
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
  },
  async load(env) {
    if (env.file === undefined) return { unavailable: 'no LM file given (files.lm, --lm FILE)' };
    const base = await readLm(await env.read(env.file), env.file);
    return {
      create: (o) =>
        scorerCompiler(
          'lm',
          (list, vocabulary) =>
            new ShallowFusionScorer({
              vocabulary,
              lm: new BoostClassLm(base, list, { boost: o.classBoost }),
              alpha: o.alpha,
              beta: o.beta,
              oovOffset: o.oovOffset,
            }),
        ),
    };
  },
});
