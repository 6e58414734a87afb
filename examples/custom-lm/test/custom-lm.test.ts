import { join } from 'node:path';
import { BUILTIN_STAGES, parseStages, resolveParams, StageRegistry } from '@ctcbias/pipeline';
import { createPipeline } from '@ctcbias/pipeline/node';
import { describe, expect, it } from 'vitest';
import domainLmStage, { unigramLm } from '../src/index.js';

const NOTES = join(import.meta.dirname, 'notes.txt');
const SAMPLE = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'apps',
  'demo',
  'samples',
  'entity_dev-00000.wav',
);

describe('unigramLm', () => {
  const lm = unigramLm('the patient takes ibuprofen\nibuprofen twice a day');

  it('gives smoothed relative frequencies, <unk> for unknown words', () => {
    // 8 words + 2 </s> = 10 tokens; 7 word types + </s> + <unk> = 9 smoothed cells
    const p = (w: string) => Math.exp(lm.score(lm.start(), w).logProb);
    expect(p('ibuprofen')).toBeCloseTo(2.5 / 14.5, 12);
    expect(p('aspirin')).toBeCloseTo(0.5 / 14.5, 12);
    expect(Math.exp(lm.end(lm.start()))).toBeCloseTo(2.5 / 14.5, 12);
    expect(lm.isOov?.('aspirin')).toBe(true);
    expect(lm.isOov?.('</s>')).toBe(true);
    expect(lm.isKnownPrefix?.('ibu')).toBe(true);
    expect(lm.isKnownPrefix?.('xyz')).toBe(false);
  });

  it('refuses an empty text and a bad smoothing', () => {
    expect(() => unigramLm(' \n ')).toThrow(/no words/);
    expect(() => unigramLm('a b', { smoothing: 0 })).toThrow(/smoothing/);
  });
});

describe('domainLmStage', () => {
  const registry = new StageRegistry(BUILTIN_STAGES).with(domainLmStage);

  it("is a beam scorer with the lm stage's knobs and its own defaults", () => {
    expect(parseStages('lm,domain-lm', registry)).toEqual(['lm', 'domain-lm']);
    expect(resolveParams({}, registry)['domain-lm']).toEqual({
      alpha: 0.3,
      beta: 0,
      classBoost: 0,
      oovOffset: 0,
    });
    expect(domainLmStage.withoutList).toBe(true);
  });

  it('fuses the domain LM in the embedded model’s beam, beside the n-gram LM', async () => {
    const pipeline = await createPipeline({
      stages: 'lm,domain-lm',
      registry,
      files: { 'domain-lm': NOTES },
    });
    const r = await pipeline.transcribe(SAMPLE, ['simila']);
    expect(Object.keys(r.best.scores)).toEqual(expect.arrayContaining(['lm', 'domain-lm']));
    expect(r.best.scores['domain-lm']).toBeLessThan(0);
    // without its file the stage cannot run, and says what it needs
    await expect(createPipeline({ stages: 'domain-lm', registry })).rejects.toThrow(
      /--file domain-lm=FILE/,
    );
  }, 60_000);
});
