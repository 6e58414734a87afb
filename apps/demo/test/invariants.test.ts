import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBiasingList, parseBiasingList } from '@ctcbias/core';
import { findEntrySpans } from '@ctcbias/pipeline';
import { createPipeline, defaultModelEmbedded } from '@ctcbias/pipeline/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Invariants of the biasing pipeline (issue 16) on the embedded default model.
const ROOT = join(import.meta.dirname, '..', '..', '..');
const DEV = join(ROOT, 'eval', 'bias-dev');
const LIST_1000 = parseBiasingList(
  readFileSync(join(ROOT, 'eval', 'lists', 'bias', 'dev-1000.txt'), 'utf8'),
);
const NO_ENTITY = ['bias_dev-00002.wav', 'bias_dev-00004.wav'].map((f) => join(DEV, f));

describe.skipIf(!defaultModelEmbedded())('biasing invariants (embedded default model)', () => {
  it('an empty list runs no biasing stage: all stages give what the LM alone gives', {
    timeout: 120_000,
  }, async () => {
    const all = await createPipeline({ stages: 'all' });
    const lm = all.withStages(['lm']);
    for (const wav of NO_ENTITY) {
      const out = await all.encode(wav);
      const a = await all.decode(out, all.prepareList([]));
      const b = await lm.decode(out, lm.prepareList([]));
      expect(a.best).toEqual(b.best);
      expect(a.candidates).toEqual([]);
    }
  });

  it('is deterministic, and 5 s of silence with a 1,000-entry list emits no entity', {
    timeout: 120_000,
  }, async () => {
    const all = await createPipeline({ stages: 'all' });
    const wav = NO_ENTITY[0] as string;
    const first = await all.transcribe(wav, LIST_1000);
    const again = await all.transcribe(wav, LIST_1000);
    expect(again.best).toEqual(first.best);
    expect(again.candidates).toEqual(first.candidates);
    const silence = await all.transcribe(new Float32Array(16000 * 5), LIST_1000);
    // no entry, and nothing the plain decoding (LM, no list) does not say too
    expect(silence.best.words.filter((w) => w.entry !== undefined)).toEqual([]);
    expect(silence.text).toBe((await all.transcribe(new Float32Array(16000 * 5), [])).text);
  });

  it('5 s of noise with a 1,000-entry list emits no entity', { timeout: 120_000 }, async () => {
    const all = await createPipeline({ stages: 'all' });
    let seed = 7;
    const noise = new Float32Array(16000 * 5).map(() => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return 0.1 * (seed / 1073741824 - 1);
    });
    const r = await all.transcribe(noise, LIST_1000);
    expect(r.best.words.filter((w) => w.entry !== undefined)).toEqual([]);
  });

  it('a list of entries that were not said changes nothing on sentences without one', {
    timeout: 120_000,
  }, async () => {
    const all = await createPipeline({ stages: 'all' });
    for (const wav of NO_ENTITY) {
      const out = await all.encode(wav);
      const biased = await all.decode(out, all.prepareList(LIST_1000));
      const plain = await all.decode(out, all.prepareList([]));
      expect(biased.text).toBe(plain.text);
    }
  });
});

describe('entries are whole words', () => {
  it('a span found for an entry spells the entry (or a variant) word for word', () => {
    const word = fc.constantFrom('kate', 'kates', 'smith', 'ann', 'annual', 'go', 'ro', 'vitz');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 12 }),
        fc.uniqueArray(
          fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
          { minLength: 1, maxLength: 5 },
        ),
        (text, entries) => {
          const list = createBiasingList(entries);
          const words = text.map((t, i) => ({ text: t, startFrame: i, endFrame: i + 1 }));
          let last = 0;
          for (const s of findEntrySpans(words, list)) {
            const spelled = text.slice(s.startWord, s.endWord).join(' ');
            expect(spelled).toBe(s.spelled);
            expect(list.entries[s.entry]?.text).toBe(spelled);
            expect(s.startWord).toBeGreaterThanOrEqual(last);
            last = s.endWord;
          }
        },
      ),
    );
  });
});
