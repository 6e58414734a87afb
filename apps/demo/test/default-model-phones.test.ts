import { join } from 'node:path';
import { loadDefaultModel } from '@ctcbias/encoder/node';
import { editDistance } from '@ctcbias/g2g';
import { loadCmuLexicon } from '@ctcbias/g2g/node';
import { alignWords, bestPath } from '@ctcbias/phonetic';
import { defaultModelEmbedded } from '@ctcbias/pipeline/node';
import { describe, expect, it } from 'vitest';

const SAMPLE = join(import.meta.dirname, '..', 'samples', 'entity_dev-00003.wav'); // "how far is wintersdorf from here"

// The phone-side stages on the committed model's real phone posteriors (issue 6): the phone head's
// best path is close to the sample's pronunciation, and forced alignment prefers the true text.
describe.skipIf(!defaultModelEmbedded())('phone posteriors of the embedded default model', () => {
  it('align the spoken words far better than other words', { timeout: 60_000 }, async () => {
    const enc = await loadDefaultModel();
    const lex = await loadCmuLexicon();
    const out = await enc.encode(SAMPLE);
    const phone = out.phone;
    const symbols = out.phoneSymbols;
    if (!phone || !symbols) throw new Error('default model has no phone head');
    const pron = (text: string) =>
      text.split(' ').map((w) => lex.pronounce(w, 3).map((p) => p.phones));

    const truth = pron('how far is wintersdorf from here');
    const heard = bestPath(phone, symbols).segments.map((s) => s.phone);
    const ref = truth.flatMap((w) => w[0] ?? []);
    // phone error rate of the head's best path on this utterance (measured: well under 50 %)
    expect(editDistance(ref, heard) / ref.length).toBeLessThan(0.5);

    const right = alignWords(phone, symbols, truth);
    const wrong = alignWords(phone, symbols, pron('the child understands no more'));
    expect(right.words.map((w) => w.startFrame)).toEqual(
      [...right.words.map((w) => w.startFrame)].sort((a, b) => a - b),
    );
    expect(right.words).toHaveLength(6);
    expect(Number.isFinite(wrong.logProb)).toBe(true);
    expect(right.logProb).toBeGreaterThan(wrong.logProb + 20);
    await enc.release();
  });
});
