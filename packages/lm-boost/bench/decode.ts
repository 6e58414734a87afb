/**
 * Decoding crafted posteriors (test/crafted-utterances.ts) with CTC prefix beam search
 * (@ctcbias/beam): acoustic only, with the LM (shallow fusion), and with the LM + BOOST class.
 */

import { beamSearch } from '@ctcbias/beam';
import { corpusWordErrorRate, createBiasingList, entityF1, type TokenScorer } from '@ctcbias/core';
import { BoostClassLm, type NgramLm, ShallowFusionScorer } from '../src/index.js';
import {
  craftUtterances,
  craftVocabulary,
  DISTRACTORS,
  ENTITIES,
} from '../test/crafted-utterances.js';
import { cpuMs } from './cpu-time.js';

export async function runDecodeBench(lm: NgramLm): Promise<void> {
  const vocab = craftVocabulary();
  const utterances = craftUtterances(vocab, 7);
  const list = createBiasingList([...ENTITIES, ...DISTRACTORS]);
  const fusion = { vocabulary: vocab, alpha: 0.5, beta: 1.5, oovOffset: -10 };
  const conditions: [string, TokenScorer<unknown>[]][] = [
    ['acoustic only', []],
    ['+ LM', [new ShallowFusionScorer({ ...fusion, lm })]],
    ['+ LM + BOOST', [new ShallowFusionScorer({ ...fusion, lm: new BoostClassLm(lm, list) })]],
  ];
  console.log(
    `decode: ${utterances.length} crafted utterances, vocab ${vocab.size} tokens, beam 16, ` +
      `α ${fusion.alpha}, β ${fusion.beta}, OOV offset ${fusion.oovOffset}, list ${list.entries.length} entries, BOOST defaults`,
  );
  // Warm up, then time the conditions interleaved over several rounds (median per condition).
  const decodeAll = (scorers: TokenScorer<unknown>[]) =>
    utterances.map(
      (u) => beamSearch(u.posteriors, vocab, { beamWidth: 16, scorers })[0]?.text ?? '',
    );
  for (const [, scorers] of conditions) decodeAll(scorers);
  const times = conditions.map((): number[] => []);
  for (let round = 0; round < 15; round++) {
    conditions.forEach(([, scorers], c) => {
      const t0 = cpuMs();
      decodeAll(scorers);
      times[c]?.push((cpuMs() - t0) / utterances.length);
    });
  }
  const medians = times.map((ts) => [...ts].sort((a, b) => a - b)[ts.length >> 1] as number);
  conditions.forEach(([name, scorers], c) => {
    const pairs = decodeAll(scorers).map((hyp, i) => ({ ref: utterances[i]?.ref ?? '', hyp }));
    const wer = corpusWordErrorRate(pairs);
    const ent = entityF1(pairs, ENTITIES);
    const ms = medians[c] as number;
    console.log(
      `  ${name.padEnd(14)} WER ${(100 * wer.rate).toFixed(1).padStart(5)}%  entity F1 ` +
        `${ent.f1.toFixed(2)}  ${ms.toFixed(2)} ms/utt (${(ms / (medians[0] as number)).toFixed(2)}× acoustic)`,
    );
    console.log(`    e.g. ${pairs[0]?.ref} → ${pairs[0]?.hyp}`);
  });
}
