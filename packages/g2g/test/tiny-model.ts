import { alignedUnitSequences, trainAligner } from '../src/alignment.js';
import type { JointNgram } from '../src/joint-ngram.js';
import { trainKneserNey } from '../src/kneser-ney.js';
import { TINY_PAIRS } from './tiny-dictionary.js';

/** Aligns the tiny dictionary and trains a joint n-gram on it (a few milliseconds). */
export function trainTinyModel(order = 3): JointNgram {
  const { model } = trainAligner(TINY_PAIRS, { iterations: 5 });
  const { units, sequences } = alignedUnitSequences(model, TINY_PAIRS);
  return trainKneserNey(sequences, units, { order });
}
