import {
  type BiasingList,
  createBiasingList,
  createPosteriors,
  isCtcBiasError,
  type ListExpander,
  type PronunciationLexicon,
} from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { JointPipeline } from '../src/joint-pipeline.js';
import { resolveParams } from '../src/params.js';
import { parseStages } from '../src/stage-set.js';
import { pipelineCache, runUtterance } from '../src/utterance.js';
import { components, fullStages, greedyDecoder } from './fakes.js';

// "call cate now" acoustically; the list says "kate".
const SCRIPT = { 'a.wav': [2, 4, 5] };

describe('JointPipeline', () => {
  it('transcribes an encoder output it is given without running the encoder', async () => {
    const parts = components(SCRIPT, fullStages([]));
    const p = new JointPipeline(parts, { stages: parseStages('all') });
    const output = await p.encode('a.wav');
    const calls = parts.encoder.calls;
    const r = await p.transcribe(output, ['kate']);
    expect(parts.encoder.calls).toBe(calls);
    expect(r.text).toBe((await p.transcribe('a.wav', ['kate'])).text);
  });

  it('with no stages is plain decoding: no scorers, no list work', async () => {
    const p = new JointPipeline(components(SCRIPT, fullStages([])), {
      stages: parseStages('none'),
    });
    const r = await p.transcribe('a.wav', ['kate']);
    expect(r.text).toBe('call cate now');
    expect(greedyDecoder.seenScorers.at(-1)).toEqual([]);
    expect(r.perStage.map((s) => s.step)).toEqual(['prepare-list', 'encoder', 'beam']);
    expect(r.best.scores).toEqual({ acoustic: -1 });
  });

  it('runs every stage in pipeline order on the expanded, tokenized list', async () => {
    const log: string[] = [];
    const p = new JointPipeline(components(SCRIPT, fullStages(log)), {
      stages: parseStages('all'),
    });
    const r = await p.transcribe('a.wav', ['Kate']);
    expect(log).toEqual(['g2g', 'adapter:1', 'phonetic:1', 'lexicon']);
    // the biased beam, then the decoding without the list (LM only) that acceptance starts from
    expect(greedyDecoder.seenScorers.slice(-2)).toEqual([['boost', 'lm'], ['lm']]);
    // g2g's variant was tokenized too: ▁kate = 3, ▁cate = 4.
    expect(r.list.entries[0]?.variants).toEqual(['cate']);
    expect(r.list.entries[0]?.tokenizations).toEqual([[3], [4]]);
    // The adapter's biased head decided the text; boost and lm each scored ▁kate once.
    expect(r.text).toBe('call kate now');
    expect(r.best.scores).toEqual({ acoustic: -1, boost: 1, lm: 1, phonetic: -0.5 });
    expect(r.perStage.map((s) => s.step)).toEqual([
      'prepare-list',
      'encoder',
      'adapter',
      'beam',
      'phonetic',
      'lexicon',
      'accept',
    ]);
    expect(r.candidates).toMatchObject([
      { text: 'kate', heard: 'cate', accepted: true, reason: 'unverified' },
    ]);
  });

  it('lexicon rewrites a variant back to its entry when the adapter is off', async () => {
    const p = new JointPipeline(components(SCRIPT, fullStages([])), {
      stages: parseStages('g2g,lexicon'),
    });
    const r = await p.transcribe('a.wav', ['kate']);
    expect(r.perStage.find((s) => s.step === 'beam')?.text).toBe('call cate now');
    expect(r.text).toBe('call kate now');
    expect(r.best.words[1]).toMatchObject({ text: 'kate', entry: 0 });
  });

  it('without g2g the variant is unknown, so lexicon changes nothing', async () => {
    const p = new JointPipeline(components(SCRIPT, fullStages([])), {
      stages: parseStages('lexicon'),
    });
    expect((await p.transcribe('a.wav', ['kate'])).text).toBe('call cate now');
  });

  it('names the missing stage and why', () => {
    const c = { ...components(SCRIPT), unavailable: { phonetic: 'the model has no phone head' } };
    const make = () => new JointPipeline(c, { stages: parseStages('boost,phonetic') });
    expect(make).toThrowError(/stage "boost" is not available: no implementation/);
    const c2 = { ...c, stages: { boost: fullStages([]).boost } };
    expect(() => new JointPipeline(c2, { stages: parseStages('boost,phonetic') })).toThrowError(
      'stage "phonetic" is not available: the model has no phone head',
    );
  });

  it('prepares a list once per content and per g2g setting', async () => {
    const log: string[] = [];
    const p = new JointPipeline(components({ 'a.wav': [2], 'b.wav': [5] }, fullStages(log)), {
      stages: parseStages('g2g,boost'),
    });
    await p.transcribe('a.wav', ['kate', 'gorovitz']);
    await p.transcribe('b.wav', createBiasingList(['KATE', 'gorovitz']));
    expect(log.filter((l) => l === 'g2g')).toHaveLength(1);
    const prepared = p.prepareList(['kate', 'gorovitz']);
    expect(prepared.list.entries[1]?.tokenizations).toEqual([[6, 7, 8]]);
    expect(p.withStages(parseStages('boost')).prepareList(['kate']).expanded).toBe(false);
  });

  it('rejects a g2g that changes the number of entries', () => {
    const bad: ListExpander = { name: 'g2g', expand: () => createBiasingList(['x']) };
    const p = new JointPipeline(components(SCRIPT, { g2g: () => bad }), { stages: ['g2g'] });
    expect(() => p.prepareList(['a', 'b'])).toThrowError(
      /stage "g2g" changed the number of entries/,
    );
  });

  it('looks up base pronunciations only when a phone stage needs them', () => {
    const lexicon: PronunciationLexicon = {
      pronounce: (w) =>
        w === 'kate' ? [{ phones: ['K', 'EY', 'T'], score: 0, source: 'dictionary' }] : [],
    };
    const c = { ...components(SCRIPT, fullStages([])), pronunciations: lexicon };
    const withPhones = new JointPipeline(c, { stages: parseStages('lexicon') });
    const entries = withPhones.prepareList(['kate', 'gorovitz']).list.entries;
    expect(entries[0]?.pronunciations).toEqual([['K', 'EY', 'T']]);
    expect(entries[1]?.pronunciations).toEqual([]);
    const plain = new JointPipeline(c, { stages: parseStages('boost') });
    expect(plain.prepareList(['kate']).list.entries[0]?.pronunciations).toEqual([]);
  });

  it('leaves out entries the tokenizer cannot spell (never as <unk>) and names them', async () => {
    const p = new JointPipeline(components(SCRIPT, fullStages([])), { stages: parseStages('all') });
    // the fake tokenizer spells only call, kate, cate, now and gorovitz; anything else is <unk>
    const prepared = p.prepareList(['kate', 'łódź', '北京', 'gorovitz']);
    expect(prepared.list.entries.map((e) => e.text)).toEqual(['kate', 'gorovitz']);
    expect(prepared.skipped).toEqual(['łódź', '北京']);
    expect(prepared.list.entries.flatMap((e) => e.tokenizations).flat()).not.toContain(1);
    // a list of unspellable entries only is no list at all
    const none = await p.transcribe('a.wav', ['łódź', '🙂']);
    const empty = await p.transcribe('a.wav', []);
    expect(none.text).toBe(empty.text);
    expect(none.perStage.map((s) => s.step)).toEqual(empty.perStage.map((s) => s.step));
  });

  it('uses params: nBest and segmentations reach the decoder and tokenizer', () => {
    const params = resolveParams({ list: { segmentationsPerPhrase: 2 } });
    const p = new JointPipeline(components(SCRIPT), { stages: [], params });
    expect(p.params.list.segmentationsPerPhrase).toBe(2);
    // The fake tokenizer has one segmentation per word, so 2 asked → 1 kept.
    expect(p.prepareList(['kate']).list.entries[0]?.tokenizations).toEqual([[3]]);
  });

  it('an ablation job encodes once and decodes each stage set', async () => {
    const c = components(SCRIPT, fullStages([]));
    const base = new JointPipeline(c, { stages: parseStages('all') });
    const list: BiasingList = createBiasingList(['kate']);
    const r = await runUtterance(
      {
        id: 'a',
        audio: 'a.wav',
        configs: [[], parseStages('lexicon'), parseStages('g2g,lexicon')],
      },
      list,
      pipelineCache(base),
    );
    expect(c.encoder.calls).toBe(1);
    expect(r.outputs.map((o) => o.text)).toEqual([
      'call cate now',
      'call cate now',
      'call kate now',
    ]);
    expect(r.durationSec).toBeCloseTo(1000 / 16000);
    expect(r.frameShiftSec).toBe(0.04);
  });

  it('keeps posteriors and the vocabulary when asked', async () => {
    const base = new JointPipeline(components(SCRIPT), { stages: [] });
    const r = await runUtterance(
      { id: 'a', audio: 'a.wav', configs: [[]], keepPosteriors: true },
      createBiasingList([]),
      pipelineCache(base),
    );
    expect(r.outputs[0]?.posteriors?.frames).toBe(6);
    expect(r.vocabulary?.tokens).toHaveLength(9);
  });

  it('returns an empty transcript when the decoder finds nothing', async () => {
    const c = { ...components(SCRIPT), decoder: { decode: () => [] } };
    const p = new JointPipeline(c, { stages: [] });
    const r = await p.decode(
      { subword: createPosteriors(new Float32Array(9), 1, 9, 0.04) },
      p.prepareList([]),
    );
    expect(r.text).toBe('');
    expect(r.nbest).toEqual([]);
  });
});

describe('CtcBiasError codes', () => {
  it('stage errors are UNSUPPORTED', () => {
    try {
      new JointPipeline(components(SCRIPT), { stages: ['adapter'] });
    } catch (e) {
      expect(isCtcBiasError(e, 'UNSUPPORTED')).toBe(true);
      return;
    }
    expect.unreachable();
  });
});

describe('a model without a tokenizer', () => {
  it('decodes without a list and says why a list cannot be used', async () => {
    const { tokenizer: _, ...c } = components(SCRIPT);
    const p = new JointPipeline(c, { stages: parseStages('none') });
    expect((await p.transcribe('a.wav')).text).toBe('call cate now');
    await expect(p.transcribe('a.wav', ['kate'])).rejects.toThrowError(
      /this model has no SentencePiece tokenizer, so a biasing list cannot be tokenized/,
    );
  });
});
