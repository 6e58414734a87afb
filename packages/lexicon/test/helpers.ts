import {
  ARPABET_PHONES,
  createPosteriors,
  type EncoderOutput,
  type Hypothesis,
  type Pronunciation,
  type PronunciationLexicon,
} from '@ctcbias/core';

/** The default model's phone symbols (blank first). */
export const SYMBOLS: readonly string[] = ['<blk>', ...ARPABET_PHONES];

/**
 * An encoder output whose phone posteriors are crafted like a peaky CTC model's: one frame per
 * space-separated symbol; `_` = a blank frame (0.9 blank), a phone frame has 0.7 on the phone
 * and 0.25 on blank; the rest is spread evenly.
 */
export function heard(spec: string): EncoderOutput {
  const items = spec.trim().split(/\s+/);
  const V = SYMBOLS.length;
  const data = new Float32Array(items.length * V);
  items.forEach((item, t) => {
    const col = SYMBOLS.indexOf(item === '_' ? '<blk>' : item);
    if (col < 0) throw new Error(`unknown symbol ${item}`);
    for (let v = 0; v < V; v++) {
      let p = col === 0 ? (v === 0 ? 0.9 : 0.1 / (V - 1)) : 0.05 / (V - 2);
      if (col !== 0 && v === col) p = 0.7;
      if (col !== 0 && v === 0) p = 0.25;
      data[t * V + v] = Math.log(p);
    }
  });
  const phone = createPosteriors(data, items.length, V, 0.04);
  return { subword: phone, phone, phoneSymbols: SYMBOLS };
}

/** A tiny in-memory lexicon: word → pronunciations (space-separated phones). */
export function tinyLexicon(words: Record<string, readonly string[]>): PronunciationLexicon {
  return {
    pronounce(word: string, n?: number): readonly Pronunciation[] {
      const prons = (words[word] ?? []).map(
        (p): Pronunciation => ({ phones: p.split(' '), score: 0, source: 'dictionary' }),
      );
      return n === undefined ? prons : prons.slice(0, n);
    },
  };
}

/**
 * A hypothesis from `word@start-end` items (frames half-open; `word#3@…` sets entry 3), e.g.
 * `hyp('cate@1-4 said@5-8')`.
 */
export function hyp(spec: string, tokens: number[] = []): Hypothesis {
  const words = spec.split(' ').map((item) => {
    const m = /^([^#@]+)(?:#(\d+))?@(\d+)-(\d+)$/.exec(item);
    if (m === null) throw new Error(`bad word spec ${item}`);
    const span = { text: m[1] as string, startFrame: Number(m[3]), endFrame: Number(m[4]) };
    return m[2] === undefined ? span : { ...span, entry: Number(m[2]) };
  });
  return {
    tokens,
    text: words.map((w) => w.text).join(' '),
    words,
    score: -5,
    scores: { acoustic: -5 },
  };
}
