import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { CtcBiasError, defineStage } from '@ctcbias/core';
import { BoostClassLm, type NgramLm, ShallowFusionScorer } from '@ctcbias/lm-boost';
import { loadDefaultLm, readArpaFile, readLmBinaryFile } from '@ctcbias/lm-boost/node';
import { scorerCompiler } from '../scorer-compiler.js';

/**
 * `lm`: n-gram shallow fusion with the list's entries as a BOOST class under `<unk>`. Its file is
 * `files.lm` (`--lm`): `.arpa` text or @ctcbias/lm-boost's binary format; default: the embedded LM.
 * It also runs without a list (plain decoding with an LM).
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
    const base = await loadLm(env.file);
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

async function loadLm(path: string | undefined): Promise<NgramLm> {
  if (path === undefined) return loadDefaultLm();
  if (!existsSync(path)) throw new CtcBiasError('NOT_FOUND', 'no such LM file', { file: path });
  return extname(path).toLowerCase() === '.arpa' ? readArpaFile(path) : readLmBinaryFile(path);
}
