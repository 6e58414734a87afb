import { BUILTIN_STAGES, parseStages, resolveParams, StageRegistry } from '@ctcbias/pipeline';
import { createPipeline } from '@ctcbias/pipeline/node';
import { describe, expect, it } from 'vitest';
import listBonusStage from './index.js';

describe('listBonusStage', () => {
  const registry = new StageRegistry(BUILTIN_STAGES).with(listBonusStage);

  it('is a beam scorer beside boost and lm, with a checked bonus option', () => {
    expect(registry.names()).toEqual([
      'g2g',
      'adapter',
      'boost',
      'lm',
      'list-bonus',
      'phonetic',
      'lexicon',
    ]);
    expect(parseStages('list-bonus,lm', registry)).toEqual(['lm', 'list-bonus']);
    expect(resolveParams({ 'list-bonus': { bonus: 1.5 } }, registry)['list-bonus']).toEqual({
      bonus: 1.5,
    });
    expect(() => resolveParams({ 'list-bonus': { bonus: -1 } }, registry)).toThrow(/bonus/);
  });

  it('loads in a pipeline on the embedded model and rewards a whole entry', async () => {
    const pipeline = await createPipeline({ stages: 'list-bonus', registry });
    const { list } = pipeline.prepareList(['gorovitz']);
    const tokens = list.entries[0]?.tokenizations[0] ?? [];
    expect(tokens.length).toBeGreaterThan(1);
    const compiler = pipeline.components.stages['list-bonus']?.({ bonus: 2 });
    if (compiler === undefined || !('scorerFor' in compiler)) throw new Error('not a beam scorer');
    const scorer = compiler.scorerFor(list, pipeline.components.vocabulary);
    let state = scorer.initial();
    let total = 0;
    tokens.forEach((token, i) => {
      const step = scorer.step(state, token, {
        frame: i,
        tokenLogProb: -1,
        topLogProb: -1,
        wordStart: i === 0,
      });
      state = step.state;
      total += step.score;
    });
    expect(total + scorer.finish(state)).toBe(2 * tokens.length);
  });
});
