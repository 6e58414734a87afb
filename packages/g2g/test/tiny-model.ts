import { type AlignedUnit, alignPair, trainAligner, unitKey } from '../src/alignment.js';
import type { JointNgram } from '../src/joint-ngram.js';
import { trainKneserNey } from '../src/kneser-ney.js';
import { TINY_PAIRS } from './tiny-dictionary.js';

/** Aligns the tiny dictionary and trains a joint n-gram on it (a few milliseconds). */
export function trainTinyModel(order = 3): JointNgram {
  const { model } = trainAligner(TINY_PAIRS, { iterations: 5 });
  const units: AlignedUnit[] = [
    { letters: '', phones: [] },
    { letters: '', phones: [] },
  ];
  const ids = new Map<string, number>();
  const sequences = TINY_PAIRS.map((pair) =>
    (alignPair(model, pair) ?? []).map((u) => {
      const k = unitKey(u.letters, u.phones);
      let id = ids.get(k);
      if (id === undefined) {
        id = units.length;
        ids.set(k, id);
        units.push(u);
      }
      return id;
    }),
  );
  return trainKneserNey(sequences, units, { order });
}
