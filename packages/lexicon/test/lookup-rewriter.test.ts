import { createBiasingList, Vocabulary } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { createLexiconRewriter } from '../src/index.js';
import { heard, hyp, tinyLexicon } from './helpers.js';

const ph = (s: string) => s.split(' ');

const lexicon = tinyLexicon({
  cate: ['K EY T'],
  cat: ['K AE T'],
  kate: ['K EY T'],
  said: ['S EH D'],
  zelen: ['Z EH L EH N'],
  ski: ['S K IY'],
  cell: ['S EH L'],
  and: ['AH N D', 'AE N D'],
  smyth: ['S M IH TH'],
  lensky: ['L EH N S K IY'],
  newyork: ['N UW Y AO R K'],
});

const list = createBiasingList([
  { text: 'kate', pronunciations: [ph('K EY T')] },
  { text: 'zelenskyy', pronunciations: [ph('Z EH L EH N S K IY')] },
  { text: 'kate smith', pronunciations: [ph('K EY T S M IH TH')] },
  { text: 'new york', pronunciations: [ph('N UW Y AO R K')] },
]);

const rewriter = createLexiconRewriter({ lexicon });

describe('lexicon lookup rewriter', () => {
  it('replaces a word whose heard phones exactly match an entry', () => {
    const h = hyp('cate@1-4 said@5-8');
    const out = rewriter.rewrite(h, heard('_ K EY T _ S EH D _'), list);
    expect(out.text).toBe('kate said');
    expect(out.words).toEqual([
      { text: 'kate', startFrame: 1, endFrame: 4, entry: 0 },
      { text: 'said', startFrame: 5, endFrame: 8 },
    ]);
    expect(out.score).toBe(h.score);
    expect(out.scores).toBe(h.scores);
  });

  it('leaves words alone when the phones do not match', () => {
    const h = hyp('cate@1-4 said@5-8');
    // "cat said": K AE T is no entry's pronunciation
    expect(rewriter.rewrite(h, heard('_ K AE T _ S EH D _'), list)).toBe(h);
  });

  it('uses the heard phones, not the hypothesis pronunciation', () => {
    // The beam wrote "cat" but the phones say K EY T.
    const out = rewriter.rewrite(hyp('cat@1-4 said@5-8'), heard('_ K EY T _ S EH D _'), list);
    expect(out.text).toBe('kate said');
  });

  it('merges a pair of words into one entry', () => {
    const h = hyp('zelen@1-6 ski@6-9 said@10-13');
    const out = rewriter.rewrite(h, heard('_ Z EH L EH N S K IY _ S EH D _'), list);
    expect(out.text).toBe('zelenskyy said');
    expect(out.words).toEqual([
      { text: 'zelenskyy', startFrame: 1, endFrame: 9, entry: 1 },
      { text: 'said', startFrame: 10, endFrame: 13 },
    ]);
  });

  it('hears phones the alignment left in the gap next to a word (a dropped syllable)', () => {
    // The beam heard "said lensky"; the phones have Z EH before L EH N S K IY. The alignment
    // leaves Z EH in the gap, and half of the gap (frames 5-6) belongs to "lensky".
    const h = hyp('said@1-4 lensky@7-13');
    const out = rewriter.rewrite(h, heard('_ S EH D _ Z EH L EH N S K IY _'), list);
    expect(out.text).toBe('said zelenskyy');
    expect(out.words[1]).toEqual({ text: 'zelenskyy', startFrame: 7, endFrame: 13, entry: 1 });
  });

  it('merges longer runs only when maxWords allows', () => {
    // "cell and ski" = S EH L | AH N D | S K IY, but the audio says Z EH L EH N S K IY
    const h = hyp('cell@1-4 and@4-6 ski@6-9 said@10-13');
    const out = heard('_ Z EH L EH N S K IY _ S EH D _');
    expect(rewriter.rewrite(h, out, list)).toBe(h);
    const three = createLexiconRewriter({ lexicon, maxWords: 3 }).rewrite(h, out, list);
    expect(three.text).toBe('zelenskyy said');
    expect(three.words[0]).toEqual({ text: 'zelenskyy', startFrame: 1, endFrame: 9, entry: 1 });
  });

  it('prefers the longer run on a tie, giving each word of a multi-word entry its span', () => {
    // K EY T alone is "kate"; K EY T S M IH TH is "kate smith": the pair wins.
    const h = hyp('cate@1-4 smyth@4-8');
    const out = rewriter.rewrite(h, heard('_ K EY T S M IH TH _'), list);
    expect(out.words).toEqual([
      { text: 'kate', startFrame: 1, endFrame: 4, entry: 2 },
      { text: 'smith', startFrame: 4, endFrame: 8, entry: 2 },
    ]);
    expect(out.text).toBe('kate smith');
  });

  it('splits one word into a multi-word entry by length', () => {
    const out = rewriter.rewrite(hyp('newyork@1-8'), heard('_ N UW Y AO R K _ _'), list);
    expect(out.words).toEqual([
      { text: 'new', startFrame: 1, endFrame: 4, entry: 3 },
      { text: 'york', startFrame: 4, endFrame: 8, entry: 3 },
    ]);
  });

  it('does not touch words that already are the entry', () => {
    const out = heard('_ K EY T _ S EH D _');
    const matched = hyp('kate#0@1-4 said@5-8');
    expect(rewriter.rewrite(matched, out, list)).toBe(matched);
    const spelled = hyp('kate@1-4 said@5-8');
    expect(rewriter.rewrite(spelled, out, list)).toBe(spelled);
    // a word the beam matched to another entry is protected too, and never joins a pair
    const other = hyp('cate#2@1-4 said@5-8');
    expect(rewriter.rewrite(other, out, list)).toBe(other);
    // homophone entries: "cate" is itself an entry as good as "kate", so it stays
    const homophones = createBiasingList([
      { text: 'kate', weight: 2, pronunciations: [ph('K EY T')] },
      { text: 'cate', pronunciations: [ph('K EY T')] },
    ]);
    const cate = hyp('cate@1-4 said@5-8');
    expect(rewriter.rewrite(cate, out, homophones)).toBe(cate);
  });

  it('accepts near matches only with an edit-distance tolerance', () => {
    const h = hyp('zelen@1-6 ski@6-9');
    const out = heard('_ Z AH L EH N S K IY _');
    expect(rewriter.rewrite(h, out, list)).toBe(h);
    const tolerant = createLexiconRewriter({ lexicon, maxEditDistance: 1 });
    expect(tolerant.rewrite(h, out, list).text).toBe('zelenskyy');
    // "cat" is one edit from "kate" too
    expect(tolerant.rewrite(hyp('cat@1-4'), heard('_ K AE T _'), list).text).toBe('kate');
  });

  describe('acoustic verification (acousticMargin)', () => {
    const acoustic = createLexiconRewriter({ lexicon, acousticMargin: 2 });

    it('compares the entry with the words on the same frames', () => {
      // heard Z AH L EH N S K IY: "zelen ski" (Z EH L EH N | S K IY) and the entry disagree with
      // the AH frame alike, so the gain is 0 and the words stay
      const h = hyp('zelen@1-6 ski@6-9');
      expect(acoustic.rewrite(h, heard('_ Z AH L EH N S K IY _'), list)).toBe(h);
      // "cell and ski" explains Z EH L EH N S K IY badly (S for Z, AH N D for EH N): replaced
      const three = createLexiconRewriter({ lexicon, acousticMargin: 2, maxWords: 3 });
      const out = three.rewrite(
        hyp('cell@1-4 and@4-6 ski@6-9 said@10-13'),
        heard('_ Z EH L EH N S K IY _ S EH D _'),
        list,
      );
      expect(out.text).toBe('zelenskyy said');
      expect(out.words[0]).toMatchObject({ text: 'zelenskyy', entry: 1 });
    });

    it('replaces a misheard word whose frames fit the entry by more than the margin', () => {
      // the beam wrote "cat" (K AE T); the phones say K EY T: gain = log P(EY) − log P(AE) per frame
      const out = acoustic.rewrite(hyp('cat@1-4 said@5-8'), heard('_ K EY T _ S EH D _'), list);
      expect(out.text).toBe('kate said');
      // a margin larger than that gain keeps the words
      const strict = createLexiconRewriter({ lexicon, acousticMargin: 50 });
      const h = hyp('cat@1-4 said@5-8');
      expect(strict.rewrite(h, heard('_ K EY T _ S EH D _'), list)).toBe(h);
    });

    it('leaves words the frames support, and words that already are the entry', () => {
      const h = hyp('cat@1-4 said@5-8');
      expect(acoustic.rewrite(h, heard('_ K AE T _ S EH D _'), list)).toBe(h);
      const spelled = hyp('kate@1-4 said@5-8');
      expect(acoustic.rewrite(spelled, heard('_ K EY T _ S EH D _'), list)).toBe(spelled);
    });

    it('rejects bad settings', () => {
      expect(() => createLexiconRewriter({ lexicon, acousticMargin: Number.NaN })).toThrow(
        /acousticMargin/,
      );
      expect(() => createLexiconRewriter({ lexicon, candidateEdits: 2 })).toThrow(/candidateEdits/);
    });
  });

  it('rewrites tokens when given the vocabulary and the entry has a fitting tokenization', () => {
    const vocabulary = new Vocabulary(['<blk>', '▁cate', '▁said', '▁ka', 'te', '▁kait'], 0);
    const tokenized = createBiasingList([
      { text: 'kate', tokenizations: [[5], [3, 4]], pronunciations: [ph('K EY T')] },
    ]);
    const h = hyp('cate@1-4 said@5-8', [1, 2]);
    const out = heard('_ K EY T _ S EH D _');
    const withVocab = createLexiconRewriter({ lexicon, vocabulary });
    expect(withVocab.rewrite(h, out, tokenized).tokens).toEqual([3, 4, 2]);
    // without a vocabulary, or with tokens that do not line up with the words: as decoded
    expect(rewriter.rewrite(h, out, tokenized).tokens).toEqual([1, 2]);
    const odd = hyp('cate@1-4 said@5-8', [1]);
    expect(withVocab.rewrite(odd, out, tokenized).tokens).toEqual([1]);
    expect(withVocab.rewrite(h, out, list).tokens).toEqual([1, 2]); // entry without tokenizations
  });

  it('leaves hypotheses it cannot align, and explains missing phone posteriors', () => {
    const h = hyp('cate@0-1 said@1-2');
    expect(rewriter.rewrite(h, heard('K EY'), list)).toBe(h);
    const empty = hyp('cate@0-1');
    expect(rewriter.rewrite({ ...empty, words: [], text: '' }, heard('_'), list).words).toEqual([]);
    expect(() => rewriter.rewrite(h, { subword: heard('_').subword }, list)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED' }),
    );
    expect(() => createLexiconRewriter({ lexicon, maxEditDistance: -1 })).toThrow(
      /maxEditDistance/,
    );
    expect(() => createLexiconRewriter({ lexicon, maxWords: 0 })).toThrow(/maxWords/);
  });

  it('still finds entries next to a word nothing can pronounce', () => {
    // "qqq" is unknown to the lexicon: aligned as a free span, its neighbours keep their frames
    const out = rewriter.rewrite(
      hyp('qqq@1-3 cate@4-7 said@8-11'),
      heard('_ B L _ K EY T _ S EH D _'),
      list,
    );
    expect(out.text).toBe('qqq kate said');
  });
});
