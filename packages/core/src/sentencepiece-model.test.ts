import { describe, expect, it } from 'vitest';
import { protoFloat, protoString, readProtoFields } from './protobuf.js';
import { SentencePieceTokenizer } from './sentencepiece.js';
import { Lattice } from './sentencepiece-lattice.js';
import { parseSentencePieceModel } from './sentencepiece-model.js';

// --- a tiny protobuf writer, to craft models
const varint = (n: number): number[] => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
};
const key = (field: number, wire: number) => varint(field * 8 + wire);
const len = (field: number, bytes: number[]) => [
  ...key(field, 2),
  ...varint(bytes.length),
  ...bytes,
];
const str = (field: number, s: string) => len(field, [...new TextEncoder().encode(s)]);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const float = (field: number, x: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [...key(field, 5), ...b];
};

const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const PIECES: [string, number, number][] = [
  ['<blk>', 0, CONTROL],
  ['<unk>', 0, UNKNOWN],
  ['▁', -1, NORMAL],
  ['a', -2, NORMAL],
  ['b', -2, NORMAL],
  ['▁a', -2.5, NORMAL],
  ['ab', -3, NORMAL],
];

function model(opts: { trainer?: number[]; normalizer?: number[]; pieces?: typeof PIECES } = {}) {
  const pieces = (opts.pieces ?? PIECES).flatMap(([p, s, t]) =>
    len(1, [...str(1, p), ...float(2, s), ...int(3, t)]),
  );
  return new Uint8Array([
    ...pieces,
    ...len(2, opts.trainer ?? [...int(3, 1), ...int(40, 1)]),
    ...len(3, opts.normalizer ?? str(1, 'identity')),
  ]);
}

describe('readProtoFields', () => {
  it('reads varints, strings, floats and negative int32', () => {
    const fields = readProtoFields(new Uint8Array([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69]));
    expect(fields.map((f) => [f.field, f.wireType, f.varint])).toEqual([
      [1, 0, 150],
      [2, 2, 0],
    ]);
    expect(protoString(fields[1] as (typeof fields)[number])).toBe('hi');
    const [neg] = readProtoFields(new Uint8Array(int(40, -1)));
    expect(neg?.int32).toBe(-1);
    const [f] = readProtoFields(new Uint8Array(float(2, -3.25)));
    expect(protoFloat(f as (typeof fields)[number])).toBe(-3.25);
  });

  it('rejects malformed input', () => {
    const bad = (bytes: number[], message: RegExp) =>
      expect(() => readProtoFields(new Uint8Array(bytes), 'x.model')).toThrow(message);
    bad([0x08], /x\.model: truncated varint/);
    bad([0x12, 0x05, 0x68], /truncated field/);
    bad([0x0b], /unsupported wire type 3/); // group start
    bad([0x00, 0x01], /field number 0/);
  });
});

describe('parseSentencePieceModel', () => {
  it('reads pieces, trainer and normalizer specs with proto defaults', () => {
    const m = parseSentencePieceModel(model());
    expect(m.pieces[5]).toEqual({ piece: '▁a', score: -2.5, type: 'normal' });
    expect(m.trainerSpec).toMatchObject({ modelType: 'unigram', unkId: 1, bosId: 1, eosId: 2 });
    expect(m.trainerSpec.unkSurface).toBe(' ⁇ ');
    expect(m.normalizerSpec).toMatchObject({
      name: 'identity',
      addDummyPrefix: true,
      removeExtraWhitespaces: true,
      escapeWhitespaces: true,
    });
  });

  it('fails with MODEL_ERROR naming the file', () => {
    const err = (bytes: Uint8Array) => () => parseSentencePieceModel(bytes, 'm.model');
    expect(err(new Uint8Array([0xff]))).toThrow(/m\.model: truncated varint/);
    expect(err(new Uint8Array(len(2, int(3, 1))))).toThrow(/m\.model: model has no pieces/);
    expect(err(model({ pieces: [['a', 0, 9]] }))).toThrow(/unknown type 9/);
    expect(err(new Uint8Array(len(1, len(1, [0xff]))))).toThrow(
      expect.objectContaining({ code: 'MODEL_ERROR', message: 'm.model: cannot parse model' }),
    );
  });
});

describe('SentencePieceTokenizer on a crafted model', () => {
  it('segments "▁ab" as in the Lattice doc example', () => {
    const tok = SentencePieceTokenizer.fromBytes(model());
    expect(tok.encodePieces('ab')).toEqual(['▁', 'ab']);
    expect(tok.nbest('ab', 3)).toEqual([
      { ids: [2, 6], score: -4 },
      { ids: [5, 4], score: -4.5 },
      { ids: [2, 3, 4], score: -5 },
    ]);
    // unknown 'c' scores min(normal) - 10 = -13
    expect(tok.nbest('c', 1)).toEqual([{ ids: [2, 1], score: -14 }]);
  });

  it('Lattice works on its own', () => {
    const lat = new Lattice(3);
    lat.insert(0, 1, 2, -1);
    lat.insert(0, 2, 5, -2.5);
    lat.insert(1, 1, 3, -2);
    lat.insert(1, 2, 6, -3);
    lat.insert(2, 1, 4, -2);
    expect(lat.viterbi().nodes.map((n) => n.id)).toEqual([2, 6]);
    expect(lat.nbest(5).map((p) => [p.nodes.map((n) => n.id), p.score])).toEqual([
      [[2, 6], -4],
      [[5, 4], -4.5],
      [[2, 3, 4], -5],
    ]);
  });

  it('rejects models it cannot reproduce', () => {
    const unsupported = (bytes: Uint8Array, message: RegExp) =>
      expect(() => SentencePieceTokenizer.fromBytes(bytes)).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED', message: expect.stringMatching(message) }),
      );
    unsupported(model({ trainer: int(3, 2) }), /only unigram models .* "bpe"/);
    unsupported(model({ trainer: int(3, 4) }), /"char"/);
    unsupported(
      model({ normalizer: [...str(1, 'nmt_nfkc'), ...len(2, [1, 2, 3])] }),
      /precompiled character map .* "nmt_nfkc"/,
    );
    unsupported(model({ trainer: [...int(3, 1), ...int(35, 1)] }), /byte_fallback/);
    unsupported(model({ trainer: [...int(3, 1), ...int(24, 1)] }), /treat_whitespace_as_suffix/);
    unsupported(model({ normalizer: int(5, 0) }), /escape_whitespaces/);
  });

  it('needs a blank and exactly one unknown piece', () => {
    const noBlank = PIECES.filter(([p]) => p !== '<blk>');
    expect(() => SentencePieceTokenizer.fromBytes(model({ pieces: noBlank }))).toThrow(
      /no CTC blank piece "<blk>"/,
    );
    expect(
      SentencePieceTokenizer.fromBytes(model({ pieces: noBlank }), { blank: 1 }).vocabulary.blank,
    ).toBe(1);
    const noUnk = PIECES.filter(([p]) => p !== '<unk>');
    expect(() => SentencePieceTokenizer.fromBytes(model({ pieces: noUnk }))).toThrow(
      /exactly one unknown piece/,
    );
    const dup: typeof PIECES = [...PIECES, ['a', -5, NORMAL]];
    expect(() => SentencePieceTokenizer.fromBytes(model({ pieces: dup }))).toThrow(
      /duplicate sentencepiece piece 7 "a"/,
    );
  });
});
