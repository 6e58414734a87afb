import { type BiasingListItem, createBiasingList, isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import {
  adaptiveBoost,
  type BoostState,
  compileEntityBooster,
  type EntityBooster,
  type EntityBoosterOptions,
} from '../src/index.js';
import { id, vocab } from './helpers.js';

const ids = (s: string) => s.split(' ').map(id);

function booster(items: BiasingListItem[], options?: EntityBoosterOptions): EntityBooster {
  return compileEntityBooster(createBiasingList(items), vocab, options);
}

/** Steps through `tokens` with the given gaps; returns per-step scores, finish and the total. */
function run(b: EntityBooster, tokens: string, gaps?: number[]) {
  let state: BoostState = b.initial();
  const steps = ids(tokens).map((tok, i) => {
    const gap = gaps?.[i] ?? 0;
    const r = b.step(state, tok, {
      frame: i,
      tokenLogProb: -0.1 - gap,
      topLogProb: -0.1,
      wordStart: vocab.isWordStart(tok),
    });
    state = r.state;
    return r.score;
  });
  const finish = b.finish(state);
  return { steps, finish, total: steps.reduce((s, x) => s + x, 0) + finish };
}

const kate = { text: 'kate', tokenizations: [ids('_ka te')] };
const katelyn = { text: 'katelyn', tokenizations: [ids('_ka te lyn')] };

describe('EntityBooster: whole-word matches keep their boost', () => {
  it('boosts every token of a confirmed entry by β(gap)', () => {
    const r = run(booster([kate]), '_ka te _is', [0, 1, 0]);
    expect(r.steps).toEqual([adaptiveBoost(0), adaptiveBoost(1), 0]);
    expect(r.finish).toBe(0);
    expect(r.total).toBe(1.5);
  });

  it('confirms an entry that ends the utterance', () => {
    expect(run(booster([kate]), '_ka te', [0.3, 1.3])).toMatchObject({ finish: 0 });
    expect(run(booster([kate]), '_ka te', [0.3, 1.1]).total).toBeCloseTo(0.55 + 1.35, 12);
  });

  it('scales by entry weight and by firstTokenScale', () => {
    expect(run(booster([{ ...kate, weight: 2 }]), '_ka te', [0, 1]).total).toBe(3);
    const cont = booster([kate], { boost: { firstTokenScale: 0 } });
    expect(run(cont, '_ka te', [0, 1]).steps).toEqual([0, 1.25]);
  });

  it('gives nothing to a hopeless candidate but still tracks the match', () => {
    const r = run(booster([kate]), '_ka te', [0, 5]);
    expect(r.steps).toEqual([0.25, 0]);
    expect(r.total).toBe(0.25);
  });
});

describe('EntityBooster: failed partial matches give back exactly what they gained', () => {
  const gaps = [0.37, 1.13, 0.71];

  it('a partial match broken by another word', () => {
    const r = run(booster([katelyn]), '_ka te _is', gaps);
    expect(r.steps[0]).toBeGreaterThan(0);
    expect(r.total).toBeCloseTo(0, 12);
  });

  it('an entry completed inside a longer word (no word boundary after it)', () => {
    const r = run(booster([kate]), '_ka te lyn _is', [...gaps, 0]);
    expect(r.total).toBeCloseTo(0, 12);
  });

  it('an unfinished match at the end of the utterance (finish removes it)', () => {
    const r = run(booster([katelyn]), '_ka te', gaps);
    expect(r.finish).toBeCloseTo(-(r.steps[0] as number) - (r.steps[1] as number), 12);
    expect(r.total).toBeCloseTo(0, 12);
  });

  it('an empty list scores exactly 0 and never leaves the start state', () => {
    const b = booster([]);
    const r = run(b, '_ka te _is', gaps);
    expect(r.steps).toEqual([0, 0, 0]);
    expect(r.finish).toBe(0);
  });
});

describe('EntityBooster: overlapping and nested entries (failure and output links)', () => {
  const list = [
    { text: 'new york here', tokenizations: [ids('_new _york _here')] },
    { text: 'york city', tokenizations: [ids('_york _city')] },
  ];
  const gaps = [0.2, 0.6, 1.1, 0];

  it('falls back to a suffix match and keeps the suffix tokens’ boosts', () => {
    const r = run(booster(list), '_new _york _city _is', gaps);
    // "new york here" fails at ▁city; "york city" (a suffix) continues and is confirmed.
    expect(r.total).toBeCloseTo(adaptiveBoost(0.6) + adaptiveBoost(1.1), 12);
  });

  it('confirms a pattern found through an output link, giving back the rest', () => {
    const nested = [
      { text: 'new york city here', tokenizations: [ids('_new _york _city _here')] },
      { text: 'york city', tokenizations: [ids('_york _city')] },
    ];
    const r = run(booster(nested), '_new _york _city _is', gaps);
    expect(r.total).toBeCloseTo(adaptiveBoost(0.6) + adaptiveBoost(1.1), 12);
    const end = run(booster(nested), '_new _york _city', gaps);
    expect(end.total).toBeCloseTo(adaptiveBoost(0.6) + adaptiveBoost(1.1), 12);
  });

  it('keeps a confirmed shorter entry when a longer one continuing it later fails', () => {
    const both = [
      { text: 'new york', tokenizations: [ids('_new _york')] },
      { text: 'new york city here', tokenizations: [ids('_new _york _city _here')] },
    ];
    const r = run(booster(both), '_new _york _city _is', gaps);
    expect(r.total).toBeCloseTo(adaptiveBoost(0.2) + adaptiveBoost(0.6), 12);
  });
});

describe('EntityBooster.matchEntities', () => {
  it('finds whole-word matches, longest first, never inside a word', () => {
    const b = booster([
      kate,
      { text: 'new york', tokenizations: [ids('_new _york')] },
      { text: 'york', tokenizations: [ids('_york')] },
    ]);
    expect(b.matchEntities(ids('_the _ka te _is _new _york'))).toEqual([
      { entry: 0, startToken: 1, endToken: 3 },
      { entry: 1, startToken: 4, endToken: 6 },
    ]);
    expect(b.matchEntities(ids('_ka te lyn'))).toEqual([]);
    expect(b.matchEntities(ids('_york _city'))).toEqual([{ entry: 2, startToken: 0, endToken: 1 }]);
  });

  it('maps every tokenization and variant back to its entry', () => {
    const b = booster([
      { text: 'kate', variants: ['cate'], tokenizations: [ids('_ka te'), ids('_ka de')] },
    ]);
    expect(b.matchEntities(ids('_ka de'))).toEqual([{ entry: 0, startToken: 0, endToken: 2 }]);
  });
});

describe('compileEntityBooster: input checks', () => {
  const bad = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isCtcBiasError(e, 'INVALID_ARGUMENT') ? (e as Error).message : 'other error';
    }
    return 'no error';
  };

  it('needs tokenizations, or a tokenize function', () => {
    expect(bad(() => booster(['kate']))).toContain('no tokenizations');
    const b = booster(['kate', { text: 'new york', variants: ['newyork'] }], {
      tokenize: (s) =>
        s === 'kate' ? [ids('_ka te')] : s === 'new york' ? [ids('_new _york')] : [],
    });
    expect(b.matchEntities(ids('_new _york _ka te'))).toHaveLength(2);
  });

  it('rejects bad token ids and tokenizations that do not start a word', () => {
    expect(bad(() => booster([{ text: 'x', tokenizations: [[99]] }]))).toContain('bad token id');
    expect(bad(() => booster([{ text: 'x', tokenizations: [[0]] }]))).toContain('bad token id');
    expect(bad(() => booster([{ text: 'te', tokenizations: [ids('te')] }]))).toContain(
      'word-start',
    );
  });
});
