import {
  type BiasingList,
  createBiasingList,
  createPosteriors,
  type EncoderOutput,
  isCtcBiasError,
} from '@ctcbias/core';
import { Tensor } from 'onnxruntime-common';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AdapterModel,
  ContextualAdapter,
  getAdapterAttention,
  NO_BIAS_LABEL,
} from '../src/index.js';
import { loadAdapterModel } from '../src/node.js';
import {
  countingModel,
  encoderOutput,
  fixtureList,
  maxAbsDiff,
  type ParityFixture,
  TINY_ADAPTER_DIR,
  tinyFixture,
} from './helpers.js';

let model: AdapterModel;
let fx: ParityFixture;
let vocab: number;

beforeAll(async () => {
  model = await loadAdapterModel(TINY_ADAPTER_DIR);
  fx = tinyFixture();
  vocab = fx.logprobs.length / fx.frames;
});

function fixtureOutput(): EncoderOutput {
  return encoderOutput(fx.hiddenMid, fx.hiddenLast, fx.frames, fx.dim, vocab);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('ContextualAdapter', () => {
  it('is the core encoder-output transform named "adapter"', () => {
    expect(new ContextualAdapter(model).name).toBe('adapter');
  });

  it('returns the output itself for an empty list, without running a graph', async () => {
    const c = countingModel(model);
    const adapter = new ContextualAdapter(c.model);
    const out = fixtureOutput();
    const before = Float32Array.from(out.subword.logProbs);
    const result = await adapter.transform(out, createBiasingList([]));
    expect(result).toBe(out);
    expect(result.subword.logProbs).toEqual(before);
    expect(getAdapterAttention(result)).toBeUndefined();
    expect(c.entryRuns() + c.biaserRuns()).toBe(0);
  });

  it('leaves posteriors (nearly) unbiased when attention rests on <no-bias>', async () => {
    const nb = fx.noBias;
    if (nb === undefined) throw new Error('tiny fixture lacks noBias');
    const adapter = new ContextualAdapter(model);
    const out = encoderOutput(nb.hiddenMid, nb.hiddenLast, nb.frames, fx.dim, vocab);
    const biased = await adapter.transform(out, fixtureList(fx));
    const att = getAdapterAttention(biased);
    for (let t = 0; t < nb.frames; t++) {
      expect(att?.weights[t * att.columns]).toBeGreaterThan(0.999);
    }
    expect(maxAbsDiff(biased.subword.logProbs, nb.unbiased)).toBeLessThan(1e-3);
  });

  it('changes the posteriors when attention goes to entries', async () => {
    const adapter = new ContextualAdapter(model);
    const list = fixtureList(fx);
    const biased = await adapter.transform(fixtureOutput(), list);
    const att = getAdapterAttention(biased);
    if (att === undefined) throw new Error('no attention');
    expect(att.labels).toEqual([NO_BIAS_LABEL, ...fx.words]);
    expect(att.frameShiftSec).toBe(0.04);
    for (let t = 0; t < att.frames; t++) {
      const row = att.weights.subarray(t * att.columns, (t + 1) * att.columns);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    // the fixture's frames attend to entries, so the output differs from the unbiased head
    expect(Math.max(...att.weights.filter((_, i) => i % att.columns !== 0))).toBeGreaterThan(0.05);
  });

  it('keeps phone posteriors and hidden states of the input', async () => {
    const adapter = new ContextualAdapter(model);
    const base = fixtureOutput();
    const phone = createPosteriors(new Float32Array(fx.frames * 3), fx.frames, 3, 0.04);
    const out: EncoderOutput = { ...base, phone, phoneSymbols: ['<blk>', 'K', 'T'] };
    const biased = await adapter.transform(out, fixtureList(fx));
    expect(biased.phone).toBe(phone);
    expect(biased.phoneSymbols).toBe(out.phoneSymbols);
    expect(biased.hidden).toBe(out.hidden);
  });

  it('embeds an equal list only once (cache keyed by list content)', async () => {
    const c = countingModel(model);
    const adapter = new ContextualAdapter(c.model);
    const first = await adapter.transform(fixtureOutput(), fixtureList(fx));
    expect(c.entryRuns()).toBe(1);
    // a different but equal list object hits the cache
    const second = await adapter.transform(fixtureOutput(), fixtureList(fx));
    expect(c.entryRuns()).toBe(1);
    expect(c.biaserRuns()).toBe(2);
    expect(second.subword.logProbs).toEqual(first.subword.logProbs);
    // a changed list is embedded anew
    await adapter.transform(
      fixtureOutput(),
      createBiasingList([...fixtureList(fx).entries, { text: 'zed', tokenizations: [[3, 4]] }]),
    );
    expect(c.entryRuns()).toBe(2);
    expect(adapter.cachedLists).toBe(2);
  });

  it('shares one entry-encoder run between concurrent calls with the same list', async () => {
    const c = countingModel(model);
    const adapter = new ContextualAdapter(c.model);
    const list = fixtureList(fx);
    await Promise.all([
      adapter.transform(fixtureOutput(), list),
      adapter.transform(fixtureOutput(), list),
      adapter.embedList(list),
    ]);
    expect(c.entryRuns()).toBe(1);
  });

  it('evicts the least recently used list beyond cacheSize', async () => {
    const c = countingModel(model);
    const adapter = new ContextualAdapter(c.model, { cacheSize: 2 });
    const lists = [1, 2, 3].map((n) =>
      createBiasingList([{ text: `w${n}`, tokenizations: [[n, n + 1]] }]),
    );
    const [a, b, d] = lists as [BiasingList, BiasingList, BiasingList];
    await adapter.embedList(a);
    await adapter.embedList(b);
    await adapter.embedList(a); // a is now most recent
    await adapter.embedList(d); // evicts b
    expect(c.entryRuns()).toBe(3);
    await adapter.embedList(a);
    expect(c.entryRuns()).toBe(3);
    await adapter.embedList(b);
    expect(c.entryRuns()).toBe(4);
    expect(adapter.cachedLists).toBe(2);
  });

  it('gives each entry its own vector, whatever the batch size and order', async () => {
    const items = Array.from({ length: 11 }, (_, k) => ({
      text: `entry${k}`,
      tokenizations: [Array.from({ length: 1 + ((k * 5) % 7) }, (_, j) => 1 + ((k + j) % 23))],
    }));
    const list = createBiasingList(items);
    const whole = await new ContextualAdapter(model, { entryBatchSize: 64 }).embedList(list);
    const c = countingModel(model);
    const small = await new ContextualAdapter(c.model, { entryBatchSize: 3 }).embedList(list);
    expect(c.entryRuns()).toBe(4);
    expect(maxAbsDiff(small.vectors, whole.vectors)).toBeLessThan(1e-5);
    // each row equals that entry embedded alone
    for (const k of [0, 6, 10]) {
      const alone = await new ContextualAdapter(model).embedList(
        createBiasingList([items[k] as (typeof items)[number]]),
      );
      expect(maxAbsDiff(alone.vectors, whole.vectors.subarray(k * 8, (k + 1) * 8))).toBeLessThan(
        1e-5,
      );
    }
  });

  it('truncates tokenizations to maxEntryTokens', async () => {
    expect(model.config.maxEntryTokens).toBe(8);
    const adapter = new ContextualAdapter(model);
    const long = Array.from({ length: 12 }, (_, j) => 1 + j);
    const a = await adapter.embedList(createBiasingList([{ text: 'long', tokenizations: [long] }]));
    const b = await adapter.embedList(
      createBiasingList([{ text: 'long', tokenizations: [long.slice(0, 8)] }]),
    );
    expect(maxAbsDiff(a.vectors, b.vectors)).toBe(0);
  });

  it("'all' tokenizations: one row per tokenization, attention summed back per entry", async () => {
    const list = createBiasingList([
      {
        text: 'kate',
        variants: ['cate'],
        tokenizations: [
          [5, 7],
          [6, 7],
          [5, 7, 1],
        ],
      },
      { text: 'utzinger', tokenizations: [[3, 9, 11, 2, 17]] },
    ]);
    const all = new ContextualAdapter(model, { tokenizations: 'all' });
    const emb = await all.embedList(list);
    expect(emb.rows).toBe(4);
    expect([...emb.rowEntry]).toEqual([0, 0, 0, 1]);
    const biased = await all.transform(fixtureOutput(), list);
    const att = getAdapterAttention(biased);
    if (att === undefined) throw new Error('no attention');
    expect(att.columns).toBe(3);
    expect(att.labels).toEqual([NO_BIAS_LABEL, 'kate', 'utzinger']);

    // the per-entry attention equals the biaser's per-row attention summed over each entry's rows
    const raw = await model.biaser.run({
      hidden_mid: new model.Tensor('float32', Float32Array.from(fx.hiddenMid), [
        1,
        fx.frames,
        fx.dim,
      ]),
      hidden_last: new model.Tensor('float32', Float32Array.from(fx.hiddenLast), [
        1,
        fx.frames,
        fx.dim,
      ]),
      entries: new model.Tensor('float32', emb.vectors, [4, emb.dim]),
    });
    const rows = raw.attention?.data as Float32Array;
    for (let t = 0; t < fx.frames; t++) {
      const r = rows.subarray(t * 5, (t + 1) * 5);
      const e = att.weights.subarray(t * 3, (t + 1) * 3);
      expect(e[0]).toBeCloseTo(r[0] as number, 6);
      expect(e[1]).toBeCloseTo((r[1] as number) + (r[2] as number) + (r[3] as number), 6);
      expect(e[2]).toBeCloseTo(r[4] as number, 6);
    }
    // 'first' uses only tokenizations[0]
    const first = await new ContextualAdapter(model).embedList(list);
    expect(first.rows).toBe(2);
    expect(maxAbsDiff(first.vectors.subarray(0, 8), emb.vectors.subarray(0, 8))).toBe(0);
  });

  it('rejects an entry without a tokenization, naming it', async () => {
    const adapter = new ContextualAdapter(model);
    const list = createBiasingList([{ text: 'kate', tokenizations: [[5, 7]] }, 'utzinger']);
    const e = await rejection(adapter.transform(fixtureOutput(), list));
    expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect((e as Error).message).toMatch(/entry 1 "utzinger" has no tokenization/);
  });

  it('rejects a token id outside the vocabulary', async () => {
    const adapter = new ContextualAdapter(model);
    const list = createBiasingList([{ text: 'kate', tokenizations: [[5, 700]] }]);
    const e = await rejection(adapter.transform(fixtureOutput(), list));
    expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect((e as Error).message).toMatch(
      /"kate" has token id outside the vocabulary \[0, 24\) 700/,
    );
    // a failed embedding is not cached
    expect(adapter.cachedLists).toBe(0);
  });

  it('rejects an encoder output without hidden states', async () => {
    const adapter = new ContextualAdapter(model);
    const { hidden: _, ...noHidden } = fixtureOutput();
    const e = await rejection(adapter.transform(noHidden, fixtureList(fx)));
    expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect((e as Error).message).toMatch(
      /no hidden state "mid"; the adapter needs hidden states mid and last/,
    );
  });

  it('rejects hidden states whose frames differ from the posteriors', async () => {
    const adapter = new ContextualAdapter(model);
    const out = fixtureOutput();
    const short = { data: new Float32Array(2 * fx.dim), frames: 2, dim: fx.dim };
    const e = await rejection(
      adapter.transform({ ...out, hidden: { ...out.hidden, last: short } }, fixtureList(fx)),
    );
    expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect((e as Error).message).toMatch(/hidden state "last" must be 7 frames/);
  });

  it('rejects posteriors of another vocabulary size (adapter of another base model)', async () => {
    const adapter = new ContextualAdapter(model);
    const out = encoderOutput(fx.hiddenMid, fx.hiddenLast, fx.frames, fx.dim, 30);
    const e = await rejection(
      adapter.transform(out, createBiasingList([{ text: 'kate', tokenizations: [[5, 7]] }])),
    );
    expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
    expect((e as Error).message).toMatch(/scores 24 subwords but the encoder output has 30/);
  });

  it('turns a graph failure into MODEL_ERROR naming the graph', async () => {
    const adapter = new ContextualAdapter(model);
    const out = fixtureOutput();
    const wide = { data: new Float32Array(fx.frames * 5), frames: fx.frames, dim: 5 };
    const e = await rejection(
      adapter.transform({ ...out, hidden: { mid: wide, last: wide } }, fixtureList(fx)),
    );
    expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
    expect((e as Error).message).toMatch(/^biaser biaser\.onnx failed: /);
  });

  it('rejects a graph output of the wrong shape', async () => {
    const broken: AdapterModel = {
      ...model,
      entryEncoder: {
        inputNames: ['tokens', 'lengths'],
        outputNames: ['entries'],
        run: async () => ({ entries: new Tensor('float32', new Float32Array(3), [1, 3]) }),
      },
    };
    const e = await rejection(new ContextualAdapter(broken).embedList(fixtureList(fx)));
    expect(isCtcBiasError(e, 'MODEL_ERROR')).toBe(true);
    expect((e as Error).message).toMatch(/output "entries" has shape \[1, 3\], expected \[3, 8\]/);
  });

  it('validates its options', () => {
    expect(() => new ContextualAdapter(model, { cacheSize: 0 })).toThrow(/cacheSize/);
    expect(() => new ContextualAdapter(model, { entryBatchSize: 1.5 })).toThrow(/entryBatchSize/);
  });
});
