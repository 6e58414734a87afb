/**
 * Fake stage implementations for wiring tests: plain objects implementing the core interfaces.
 * The "model" is a script: each fake WAV path maps to a greedy token sequence, turned into
 * peaky posteriors; the fake decoder is greedy CTC plus the scorers' sums.
 */
import {
  type BiasingList,
  createBiasingList,
  createPosteriors,
  type EncoderOutput,
  type Hypothesis,
  type ListExpander,
  type NBest,
  type NBestRescorer,
  type Posteriors,
  type Segmentation,
  type Tokenizer,
  type TokenScorer,
  type TranscriptRewriter,
  Vocabulary,
} from '@ctcbias/core';
import type {
  AudioEncoder,
  BeamDecoder,
  PipelineComponents,
  StageProviders,
} from '../src/components.js';

export const TOKENS = ['<blk>', '<unk>', '▁call', '▁kate', '▁cate', '▁now', '▁go', 'ro', 'vitz'];
export const vocabulary = new Vocabulary(TOKENS, 0, 1);

/** Word → ids: a whole-word piece when there is one, else ▁+letters as <unk>. */
export const tokenizer: Tokenizer = {
  vocabulary,
  encodeWord(word) {
    if (word === 'gorovitz') return [6, 7, 8];
    const id = vocabulary.idOf(`▁${word}`);
    return id === undefined ? [1] : [id];
  },
  encode(text) {
    return text.split(' ').flatMap((w) => this.encodeWord(w));
  },
  nbest(word, n): Segmentation[] {
    return [{ ids: this.encodeWord(word), score: -1 }].slice(0, n);
  },
  decode(ids) {
    return ids
      .map((i) => vocabulary.token(i))
      .join('')
      .replaceAll('▁', ' ')
      .trim();
  },
};

/** Peaky posteriors: token `ids[k]` at frame 2k, blank elsewhere. */
export function peaky(ids: readonly number[]): Posteriors {
  const T = Math.max(1, ids.length * 2);
  const V = TOKENS.length;
  const lp = new Float32Array(T * V).fill(Math.log(0.01 / (V - 1)));
  for (let t = 0; t < T; t++) {
    const id = t % 2 === 0 ? (ids[t / 2] ?? 0) : 0;
    lp[t * V + id] = Math.log(0.99);
  }
  return createPosteriors(lp, T, V, 0.04);
}

/** An encoder whose "audio" for path p is `script[p].length * 1600` samples. */
export function fakeEncoder(script: Record<string, number[]>): AudioEncoder & { calls: number } {
  const byLength = new Map<number, number[]>();
  const enc = {
    calls: 0,
    sampleRate: 16000,
    async readAudio(path: string) {
      const ids = script[path];
      if (ids === undefined) throw new Error(`no fake audio ${path}`);
      const n = (byLength.size + 1) * 1000;
      byLength.set(n, ids);
      return { samples: new Float32Array(n) };
    },
    async encode(samples: Float32Array): Promise<EncoderOutput> {
      enc.calls++;
      return { subword: peaky(byLength.get(samples.length) ?? []) };
    },
  };
  return enc;
}

/** Greedy CTC (argmax, collapse, drop blanks) + the scorers' step/finish sums; n-best of one. */
export const greedyDecoder: BeamDecoder & { seenScorers: string[][] } = {
  seenScorers: [],
  decode(posteriors, vocab, scorers): NBest {
    greedyDecoder.seenScorers.push(scorers.map((s) => s.name));
    const tokens: number[] = [];
    let prev = -1;
    for (let t = 0; t < posteriors.frames; t++) {
      const row = posteriors.logProbs.subarray(
        t * posteriors.vocabSize,
        (t + 1) * posteriors.vocabSize,
      );
      let best = 0;
      for (let v = 1; v < row.length; v++) if ((row[v] as number) > (row[best] as number)) best = v;
      if (best !== prev && best !== vocab.blank) tokens.push(best);
      prev = best;
    }
    const scores: Record<string, number> = { acoustic: -1 };
    for (const s of scorers as TokenScorer<unknown>[]) {
      let state = s.initial();
      let total = 0;
      for (const tok of tokens) {
        const step = s.step(state, tok, {
          frame: 0,
          tokenLogProb: 0,
          topLogProb: 0,
          wordStart: true,
        });
        state = step.state;
        total += step.score;
      }
      scores[s.name] = total + s.finish(state);
    }
    const text = tokenizer.decode(tokens);
    const h: Hypothesis = {
      tokens,
      text,
      words:
        text === ''
          ? []
          : text.split(' ').map((w, i) => ({ text: w, startFrame: i, endFrame: i + 1 })),
      score: Object.values(scores).reduce((a, b) => a + b, 0),
      scores,
    };
    return [h];
  },
};

/** A scorer that adds +1 per token that begins any tokenization of a list entry. */
export function countingScorer(name: string, list: BiasingList): TokenScorer<null> {
  const firsts = new Set(list.entries.flatMap((e) => e.tokenizations.map((t) => t[0])));
  return {
    name,
    initial: () => null,
    step: (s, token) => ({ state: s, score: firsts.has(token) ? 1 : 0 }),
    finish: () => 0,
  };
}

export function components(
  script: Record<string, number[]>,
  stages: PipelineComponents['stages'] = {},
): PipelineComponents & { encoder: ReturnType<typeof fakeEncoder> } {
  return { vocabulary, tokenizer, encoder: fakeEncoder(script), decoder: greedyDecoder, stages };
}

/**
 * Every stage, faked: g2g adds the variant 'cate' to 'kate'; the adapter swaps in a head that
 * says ▁kate; boost/lm count entry starts; phonetic subtracts 0.5; lexicon maps variants back
 * to their entry. `log` records the calls in order.
 */
export function fullStages(
  log: string[],
): Record<'g2g' | 'adapter' | 'boost' | 'lm' | 'phonetic' | 'lexicon', StageProviders[string]> {
  const g2g: ListExpander = {
    name: 'g2g',
    expand(list) {
      log.push('g2g');
      return createBiasingList(
        list.entries.map((e) => ({ ...e, variants: e.text === 'kate' ? ['cate'] : [] })),
      );
    },
  };
  const phonetic: NBestRescorer = {
    name: 'phonetic',
    rescore(nbest, _out, list) {
      log.push(`phonetic:${list.entries.length}`);
      return nbest.map((h) => ({
        ...h,
        score: h.score - 0.5,
        scores: { ...h.scores, phonetic: -0.5 },
      }));
    },
  };
  const lexicon: TranscriptRewriter = {
    name: 'lexicon',
    rewrite(h, _out, list) {
      log.push('lexicon');
      const variants = new Map(
        list.entries.flatMap((e, i) => e.variants.map((v) => [v, i] as const)),
      );
      const words = h.words.map((w) => {
        const entry = variants.get(w.text);
        return entry === undefined ? w : { ...w, text: list.entries[entry]?.text ?? w.text, entry };
      });
      return { ...h, words, text: words.map((w) => w.text).join(' ') };
    },
  };
  return {
    g2g: () => g2g,
    adapter: () => ({
      name: 'adapter',
      async transform(out, list) {
        log.push(`adapter:${list.entries.length}`);
        // A "biased" head: the same frames, but ▁kate instead of ▁cate.
        return list.entries.length === 0 ? out : { ...out, subword: peaky([2, 3, 5]) };
      },
    }),
    boost: () => ({ name: 'boost', scorerFor: (list) => countingScorer('boost', list) }),
    lm: () => ({ name: 'lm', scorerFor: (list) => countingScorer('lm', list) }),
    phonetic: () => phonetic,
    lexicon: () => lexicon,
  };
}
