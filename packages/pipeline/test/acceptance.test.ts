import { createBiasingList, type EncoderOutput } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { findEntrySpans, passes, spliceEntries } from '../src/acceptance.js';
import { hyp, OFF, OUTPUT, PARAMS, phones, run, UNBIASED } from './acceptance-fixtures.js';

describe('accept', () => {
  it('keeps an entry its phones support, with the evidence', () => {
    const biased = hyp([
      ['call', 0, 4],
      ['kate', 4, 10, 0],
      ['now', 11, 14],
    ]);
    const r = run(biased);
    const [c] = r.candidates;
    expect(r.hypothesis.text).toBe('call kate now');
    expect(r.hypothesis.words[1]).toEqual({ text: 'kate', startFrame: 4, endFrame: 10, entry: 0 });
    expect(c).toMatchObject({
      entry: 0,
      text: 'kate',
      startWord: 1,
      endWord: 2,
      stage: 'beam',
      heard: 'cate',
      accepted: true,
      reason: 'evidence',
    });
    expect(c?.evidence?.phones).toBe(3);
    expect(c?.evidence?.perPhone).toBeGreaterThan(-1);
    // the same evidence on an entry shorter than the rule's minimum: dropped as too short
    const short = run(biased, { params: { ...PARAMS, minPhones: 4 } });
    expect(short.candidates[0]).toMatchObject({ accepted: false, reason: 'short-entry' });
    expect(short.hypothesis.text).toBe('call cate now');
  });

  it('drops an entry the phones contradict and puts back what plain decoding heard', () => {
    const biased = hyp([
      ['call', 0, 4],
      ['matt', 4, 10, 1],
      ['now', 11, 14],
    ]);
    const r = run(biased);
    expect(r.candidates[0]).toMatchObject({
      text: 'matt',
      accepted: false,
      reason: 'weak-evidence',
      heard: 'cate',
    });
    expect(r.candidates[0]?.evidence?.perPhone).toBeLessThan(-1);
    expect(r.hypothesis.text).toBe('call cate now');
    expect(r.hypothesis.words.map((w) => w.text)).toEqual(['call', 'cate', 'now']);
    // with the rule off (threshold Infinity) it stays
    const off = run(biased, { steps: [], params: OFF });
    expect(off.hypothesis.text).toBe('call matt now');
    expect(off.candidates[0]).toMatchObject({
      accepted: true,
      reason: 'evidence',
      stage: 'beam', // no step recorded a transcript: the beam's
    });
  });

  it('accepts what plain decoding says too', () => {
    const biased = hyp([['kate', 4, 10]]);
    const r = run(biased, {
      unbiased: biased,
      params: { threshold: 0, margin: 0, minPhones: 0, padFrames: 0 },
    });
    expect(r.candidates[0]).toMatchObject({
      accepted: true,
      reason: 'unbiased',
      stage: 'unbiased',
    });
  });

  it('gives the unbiased words wherever no entry is kept', () => {
    // the stages changed "now" into "no" but proposed no entry: plain decoding's words stand
    const biased = hyp([
      ['call', 0, 4],
      ['cate', 4, 10],
      ['no', 11, 14],
    ]);
    const r = run(biased);
    expect(r.candidates).toEqual([]);
    expect(r.hypothesis.text).toBe('call cate now');
    expect(r.hypothesis.words).toEqual(UNBIASED.words);
    // the biased decoding's scores are kept (what each stage contributed)
    expect(r.hypothesis.scores).toBe(biased.scores);
  });

  it('keeps an entry unverified when there is nothing to measure', () => {
    const biased = hyp([['kate', 4, 10, 0]]);
    const noPhones = { subword: OUTPUT.subword };
    const r = run(biased, { output: noPhones });
    expect(r.candidates[0]).toMatchObject({ accepted: true, reason: 'unverified' });
    expect(r.candidates[0]?.evidence).toBeUndefined();
    const unpronounced = createBiasingList(['kate']);
    const r2 = run(biased, { list: unpronounced });
    expect(r2.candidates[0]?.reason).toBe('unverified');
    // …unless a lexicon can pronounce it
    const lexicon = {
      pronounce: () => [{ phones: ['M', 'AE', 'T'], score: 0, source: 'dictionary' as const }],
    };
    const r3 = run(biased, { list: unpronounced, lexicon });
    expect(r3.candidates[0]).toMatchObject({ accepted: false, reason: 'weak-evidence' });
  });

  it('weighs an entry against the words plain decoding heard there (margin)', () => {
    const dictionary: Record<string, string[]> = { cate: ['K', 'EY', 'T'], now: ['N', 'AW'] };
    const lexicon = {
      pronounce: (w: string) =>
        dictionary[w] ? [{ phones: dictionary[w], score: 0, source: 'dictionary' as const }] : [],
    };
    const free = { threshold: Number.POSITIVE_INFINITY, margin: 0, minPhones: 0, padFrames: 2 };
    // 'matt' over the frames of 'cate': the heard word explains them far better
    const matt = run(hyp([['matt', 4, 10, 1]]), { lexicon, params: free });
    expect(matt.candidates[0]).toMatchObject({ accepted: false, reason: 'weak-evidence' });
    expect(matt.candidates[0]?.evidence?.vsHeard).toBeLessThan(-3);
    // 'kate' sounds exactly like the heard 'cate': no gain, no loss
    const kate = run(hyp([['kate', 4, 10, 0]]), { lexicon, params: free });
    expect(kate.candidates[0]?.evidence?.vsHeard).toBeCloseTo(0, 5);
    expect(kate.candidates[0]?.accepted).toBe(true);
    expect(
      run(hyp([['kate', 4, 10, 0]]), { lexicon, params: { ...free, margin: 1 } }).candidates[0]
        ?.accepted,
    ).toBe(false);
    // over frames where plain decoding heard nothing, the competitor is silence
    const silent = run(hyp([['kate', 0, 4, 0]]), {
      unbiased: hyp([
        ['cate', 4, 10],
        ['now', 11, 14],
      ]),
      lexicon,
      params: free,
    });
    expect(silent.candidates[0]?.heard).toBe('');
    expect(silent.candidates[0]?.evidence?.vsHeard).toBeLessThan(0);
    expect(silent.candidates[0]?.accepted).toBe(false);
    // without a lexicon the margin is not measured
    expect(
      run(hyp([['matt', 4, 10, 1]]), { params: free }).candidates[0]?.evidence?.vsHeard,
    ).toBeUndefined();
  });

  it('passes() is the rule on length, fit and margin', () => {
    const rule = { threshold: 1, margin: 0, minPhones: 0 };
    expect(passes({ phones: 3, llr: -1.5, perPhone: -0.5, vsHeard: 2 }, rule)).toBe(true);
    expect(passes({ phones: 3, llr: -6, perPhone: -2, vsHeard: 2 }, rule)).toBe(false);
    expect(passes({ phones: 3, llr: -1.5, perPhone: -0.5, vsHeard: -0.1 }, rule)).toBe(false);
    expect(passes({ phones: 3, llr: -1.5, perPhone: -0.5 }, rule)).toBe(true);
    expect(passes({ phones: 3, llr: 0, perPhone: 0, vsHeard: 9 }, { ...rule, minPhones: 4 })).toBe(
      false,
    );
    expect(passes({ phones: 4, llr: 0, perPhone: 0, vsHeard: 9 }, { ...rule, minPhones: 4 })).toBe(
      true,
    );
  });

  it('rejects an entry whose phones the frames cannot hold at all', () => {
    const tiny: EncoderOutput = { ...OUTPUT, phone: phones(['K', 'EY']) };
    const r = run(hyp([['kate', 0, 2, 0]]), { unbiased: hyp([['k', 0, 2]]), output: tiny });
    expect(r.candidates[0]).toMatchObject({
      accepted: false,
      evidence: { llr: Number.NEGATIVE_INFINITY },
    });
    expect(r.hypothesis.text).toBe('k');
  });
});

describe('spliceEntries', () => {
  it('puts entries in by frames, canonical spelling, one span per word', () => {
    const c = { entry: 0, text: 'kate smith', startFrame: 4, endFrame: 10 };
    expect(spliceEntries(UNBIASED, [c]).words).toEqual([
      { text: 'call', startFrame: 0, endFrame: 4 },
      { text: 'kate', startFrame: 4, endFrame: 7, entry: 0 },
      { text: 'smith', startFrame: 7, endFrame: 10, entry: 0 },
      { text: 'now', startFrame: 11, endFrame: 14 },
    ]);
    // an entry over frames no unbiased word is centred in goes in between, in time order
    const gap = { entry: 1, text: 'matt', startFrame: 10, endFrame: 11 };
    expect(spliceEntries(UNBIASED, [gap]).text).toBe('call cate matt now');
    expect(spliceEntries(UNBIASED, [{ ...gap, startFrame: 14, endFrame: 15 }]).text).toBe(
      'call cate now matt',
    );
    expect(spliceEntries(UNBIASED, [])).toBe(UNBIASED);
  });

  it('keeps the neighbour an unbiased word ran together with the entry, from the biased words', () => {
    const span = (text: string, startFrame: number, endFrame: number, entry?: number) =>
      entry === undefined ? { text, startFrame, endFrame } : { text, startFrame, endFrame, entry };
    const hyp = (words: ReturnType<typeof span>[]) => ({
      tokens: [],
      text: words.map((w) => w.text).join(' '),
      words,
      score: 0,
      scores: {},
    });
    const unbiased = hyp([span('when', 0, 5), span('similgets', 5, 20), span('here', 20, 25)]);
    const biased = hyp([
      span('when', 0, 5),
      span('simila', 5, 13, 0),
      span('gets', 13, 20),
      span('here', 20, 25),
    ]);
    const simila = { entry: 0, text: 'simila', startFrame: 5, endFrame: 13 };
    expect(spliceEntries(unbiased, [simila], biased).text).toBe('when simila gets here');
    // without the biased words the neighbour is lost (what the rule did before)
    expect(spliceEntries(unbiased, [simila]).text).toBe('when simila here');
    // an unbiased word the candidate covers whole brings nothing else in
    const covered = { ...simila, endFrame: 20 };
    expect(spliceEntries(unbiased, [covered], biased).text).toBe('when simila here');
  });
});

describe('findEntrySpans', () => {
  const list = createBiasingList([
    'kate smith',
    'kate',
    { text: 'gorovitz', variants: ['gorowitz'] },
  ]);
  const words = (s: string) =>
    s.split(' ').map((text, i) => ({ text, startFrame: i, endFrame: i + 1 }));

  it('matches whole words only, longest entry first, variants included', () => {
    expect(findEntrySpans(words('call kate smith and gorowitz'), list)).toEqual([
      { entry: 0, startWord: 1, endWord: 3, spelled: 'kate smith' },
      { entry: 2, startWord: 4, endWord: 5, spelled: 'gorowitz' },
    ]);
    expect(findEntrySpans(words('kates skate kate'), list)).toEqual([
      { entry: 1, startWord: 2, endWord: 3, spelled: 'kate' },
    ]);
    expect(findEntrySpans(words('nothing here'), createBiasingList([]))).toEqual([]);
  });
});
