import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SentencePieceTokenizer } from './sentencepiece.js';

const fixture = (name: string) => new URL(`../test/fixtures/${name}`, import.meta.url);

interface Row {
  text: string;
  ids: number[];
  decoded: string;
  nbest?: { ids: number[]; score: number }[];
}

function readJsonl(name: string): { header: Record<string, unknown>; rows: Row[] } {
  const [header, ...rows] = readFileSync(fixture(name), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  return { header, rows };
}

const tok = SentencePieceTokenizer.fromBytes(readFileSync(fixture('tokenizer.model')));

describe('SentencePiece parity (python sentencepiece 0.1.97)', () => {
  const { header, rows } = readJsonl('tokenizer-parity.jsonl');

  it('reproduces every id sequence', () => {
    expect(rows.length).toBe(header.count);
    expect(rows.length).toBeGreaterThanOrEqual(1000);
    const mismatches = rows
      .map((r) => ({ text: r.text, want: r.ids, got: tok.encode(r.text) }))
      .filter((m) => JSON.stringify(m.want) !== JSON.stringify(m.got));
    expect(mismatches).toEqual([]);
  });

  it('reproduces n-best lists and their float32 scores exactly', () => {
    const withNbest = rows.filter((r) => r.nbest !== undefined);
    expect(withNbest.length).toBeGreaterThanOrEqual(300);
    const mismatches = [];
    for (const r of withNbest) {
      const got = tok.nbest(r.text, header.nbestSize as number);
      const want = r.nbest ?? [];
      const idsOk =
        JSON.stringify(got.map((s) => s.ids)) === JSON.stringify(want.map((s) => s.ids));
      const scoresOk = got.every((s, i) => s.score === want[i]?.score);
      if (!idsOk || !scoresOk) mismatches.push({ text: r.text, want, got });
    }
    expect(mismatches).toEqual([]);
  });

  it('decodes like sentencepiece (trimmed)', () => {
    const mismatches = rows
      .map((r) => ({
        text: r.text,
        want: r.decoded.replace(/^ +| +$/g, ''),
        got: tok.decode(r.ids),
      }))
      .filter((m) => m.want !== m.got);
    expect(mismatches).toEqual([]);
  });
});

describe('SentencePiece user-defined pieces', () => {
  const ud = SentencePieceTokenizer.fromBytes(readFileSync(fixture('userdef.model')));
  const { rows } = readJsonl('userdef-parity.jsonl');

  it('matches python for user-defined symbols, ids and n-best', () => {
    expect(ud.model.pieces.filter((p) => p.type === 'user-defined').map((p) => p.piece)).toEqual([
      'ctc',
      'kate',
      'zz9',
    ]);
    for (const r of rows) {
      expect(ud.encode(r.text), r.text).toEqual(r.ids);
      expect(ud.decode(r.ids), r.text).toBe(r.decoded.replace(/^ +| +$/g, ''));
      const got = ud.nbest(r.text, 4);
      expect(
        got.map((s) => s.ids),
        r.text,
      ).toEqual(r.nbest?.map((s) => s.ids));
      got.forEach((s, i) => {
        expect(s.score).toBe(r.nbest?.[i]?.score);
      });
    }
  });

  it('always takes a user-defined piece', () => {
    // 'kate' is a user-defined piece: it is used even inside 'skate'.
    expect(ud.encodePieces('skate')).toContain('kate');
  });
});

describe('SentencePieceTokenizer', () => {
  it('builds the vocabulary from the model (blank <blk> = 0, unk = 1)', () => {
    const v = tok.vocabulary;
    expect(v.size).toBe(256);
    expect(v.blank).toBe(0);
    expect(v.unk).toBe(1);
    expect(v.token(0)).toBe('<blk>');
    expect(v.token(19)).toBe('▁');
    expect(v.isWordStart(v.idOf('▁the') as number)).toBe(true);
    expect(tok.model.trainerSpec.modelType).toBe('unigram');
    expect(tok.model.normalizerSpec).toMatchObject({
      name: 'identity',
      addDummyPrefix: true,
      removeExtraWhitespaces: true,
      escapeWhitespaces: true,
    });
  });

  it('normalizes whitespace like sentencepiece', () => {
    expect(tok.normalize('  a  b ').join('')).toBe('▁a▁b');
    expect(tok.normalize('a\tb').join('')).toBe('▁a\tb'); // only ASCII space is whitespace
    expect(tok.normalize('   ')).toEqual([]);
    expect(tok.normalize('')).toEqual([]);
  });

  it('merges a run of unknown characters into one unknown piece', () => {
    expect(tok.encode('ÆØ')).toEqual([19, 1]);
    expect(tok.encodePieces('ÆØ')).toEqual(['▁', 'ÆØ']);
    expect(tok.encodePieces('zürich')).toEqual(['▁', 'z', 'ü', 'ri', 'ch']);
    expect(tok.encode('a🙂🙂b')).toEqual([7, 1, 28]);
  });

  it('never produces control pieces, even for their text', () => {
    const ids = tok.encode('<blk>');
    expect(ids).not.toContain(0);
    expect(tok.encodePieces('<blk>')).toEqual(['▁', '<', 'b', 'l', 'k', '>']); // python agrees
    expect(tok.decode(ids)).toBe('⁇ blk ⁇'); // '<' and '>' are unknown characters
  });

  it('encodes a word, starting with a word-start piece', () => {
    const ids = tok.encodeWord('smith');
    expect(ids).toEqual(tok.encode('smith'));
    expect(tok.vocabulary.isWordStart(ids[0] as number)).toBe(true);
    expect(() => tok.encodeWord('kate smith')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => tok.encodeWord('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('n-best: sorted, distinct, first equals encode, n = 1 has the Viterbi score', () => {
    expect(tok.nbest('kazmierczak', 100)).toHaveLength(4); // python: all 4 segmentations
    const list = tok.nbest('international', 8);
    expect(list).toHaveLength(8);
    expect(list[0]?.ids).toEqual(tok.encode('international'));
    for (let i = 1; i < list.length; i++) {
      expect(list[i]?.score).toBeLessThanOrEqual(list[i - 1]?.score as number);
    }
    expect(new Set(list.map((s) => s.ids.join(','))).size).toBe(8);
    const [one] = tok.nbest('international', 1);
    expect(one?.ids).toEqual(list[0]?.ids);
    expect(one?.score).toBeCloseTo(list[0]?.score as number, 4); // float32 sums in other orders
    // the score is the float32 sum of the piece scores
    const sum = (one?.ids ?? []).reduce(
      (s, id) => Math.fround(s + (tok.model.pieces[id]?.score ?? 0)),
      0,
    );
    expect(one?.score).toBeCloseTo(sum, 4);
    expect(tok.nbest('  ', 3)).toEqual([{ ids: [], score: 0 }]);
    expect(() => tok.nbest('a', 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('decodes and trims; rejects ids out of range', () => {
    expect(tok.decode(tok.encode('hello world'))).toBe('hello world');
    expect(tok.decode([0, 19, 1, 7])).toBe('⁇  a'); // unk_surface ' ⁇ ' then ' a'
    expect(tok.decode([])).toBe('');
    expect(() => tok.decode([256])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
