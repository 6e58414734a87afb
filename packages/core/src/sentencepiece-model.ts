import { CtcBiasError } from './errors.js';
import {
  type ProtoField,
  protoFloat,
  protoString,
  readProtoFields,
  WIRE_I32,
  WIRE_LEN,
  WIRE_VARINT,
} from './protobuf.js';

/** `ModelProto.SentencePiece.Type`, as lowercase names. */
export type SentencePieceType =
  | 'normal'
  | 'unknown'
  | 'control'
  | 'user-defined'
  | 'unused'
  | 'byte';

/** `TrainerSpec.ModelType`, as lowercase names. */
export type SentencePieceModelType = 'unigram' | 'bpe' | 'word' | 'char';

/** One vocabulary entry of a SentencePiece model; its id is its index in `pieces`. */
export interface SentencePieceEntry {
  readonly piece: string;
  /** Log-probability (unigram) as stored: a float32 value. */
  readonly score: number;
  readonly type: SentencePieceType;
}

/** The `TrainerSpec` fields a tokenizer needs (defaults as in `sentencepiece_model.proto`). */
export interface SentencePieceTrainerSpec {
  readonly modelType: SentencePieceModelType;
  readonly vocabSize: number;
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  /** What `decode` prints for an unknown piece (default `' ⁇ '`). */
  readonly unkSurface: string;
  readonly byteFallback: boolean;
  readonly treatWhitespaceAsSuffix: boolean;
}

/** The `NormalizerSpec` fields a tokenizer needs (defaults as in `sentencepiece_model.proto`). */
export interface SentencePieceNormalizerSpec {
  /** Rule name, e.g. `identity` or `nmt_nfkc`. */
  readonly name: string;
  /** Compiled character map; empty for `identity`. */
  readonly precompiledCharsmap: Uint8Array;
  readonly addDummyPrefix: boolean;
  readonly removeExtraWhitespaces: boolean;
  readonly escapeWhitespaces: boolean;
}

/**
 * The parts of a SentencePiece `.model` file (a serialized `ModelProto`) that tokenization
 * uses. Fields not listed here are skipped.
 *
 * ```ts
 * const model = parseSentencePieceModel(bytes, 'tokenizer.model');
 * model.trainerSpec.modelType;             // 'unigram'
 * model.pieces[0];                         // { piece: '<blk>', score: 0, type: 'control' }
 * model.pieces[5];                         // { piece: '▁the', score: -3.58…, type: 'normal' }
 * model.normalizerSpec.addDummyPrefix;     // true
 * ```
 */
export interface SentencePieceModel {
  readonly pieces: readonly SentencePieceEntry[];
  readonly trainerSpec: SentencePieceTrainerSpec;
  readonly normalizerSpec: SentencePieceNormalizerSpec;
}

const PIECE_TYPES: Record<number, SentencePieceType> = {
  1: 'normal',
  2: 'unknown',
  3: 'control',
  4: 'user-defined',
  5: 'unused',
  6: 'byte',
};

const MODEL_TYPES: Record<number, SentencePieceModelType> = {
  1: 'unigram',
  2: 'bpe',
  3: 'word',
  4: 'char',
};

/** Field reader for one message: the last occurrence of a scalar field wins (protobuf rule). */
class Message {
  private readonly byField = new Map<number, ProtoField[]>();

  constructor(
    fields: readonly ProtoField[],
    private readonly what: string,
  ) {
    for (const f of fields) {
      const list = this.byField.get(f.field);
      if (list) list.push(f);
      else this.byField.set(f.field, [f]);
    }
  }

  all(field: number, wireType: number): ProtoField[] {
    const list = this.byField.get(field) ?? [];
    for (const f of list) {
      if (f.wireType !== wireType) {
        throw new CtcBiasError(
          'MODEL_ERROR',
          `${this.what}: field ${field} has wire type ${f.wireType}, expected ${wireType}`,
        );
      }
    }
    return list;
  }

  last(field: number, wireType: number): ProtoField | undefined {
    const list = this.all(field, wireType);
    return list[list.length - 1];
  }

  int32(field: number, fallback: number): number {
    return this.last(field, WIRE_VARINT)?.int32 ?? fallback;
  }

  bool(field: number, fallback: boolean): boolean {
    const f = this.last(field, WIRE_VARINT);
    return f === undefined ? fallback : f.varint !== 0;
  }

  float(field: number, fallback: number): number {
    const f = this.last(field, WIRE_I32);
    return f === undefined ? fallback : protoFloat(f);
  }

  string(field: number, fallback: string): string {
    const f = this.last(field, WIRE_LEN);
    return f === undefined ? fallback : protoString(f);
  }

  bytes(field: number): Uint8Array {
    return this.last(field, WIRE_LEN)?.bytes ?? new Uint8Array(0);
  }

  /** A sub-message; repeated occurrences merge, as protobuf specifies. */
  message(field: number, what: string): Message {
    const fields = this.all(field, WIRE_LEN).flatMap((f) => readProtoFields(f.bytes, what));
    return new Message(fields, what);
  }
}

/**
 * Parses a SentencePiece `.model` file. Works on bytes, so it runs in browsers too (load the
 * file with `fetch` there, or with `loadSentencePieceTokenizer` from `@ctcbias/core/node`).
 *
 * Throws `CtcBiasError('MODEL_ERROR')`, naming `file` when given, for malformed protobuf,
 * unknown enum values, or a model with no pieces.
 */
export function parseSentencePieceModel(bytes: Uint8Array, file?: string): SentencePieceModel {
  const what = file ?? 'sentencepiece model';
  try {
    const root = new Message(readProtoFields(bytes, what), what);
    const pieces = root.all(1, WIRE_LEN).map((f, i): SentencePieceEntry => {
      const m = new Message(readProtoFields(f.bytes, `${what} piece ${i}`), `${what} piece ${i}`);
      const typeCode = m.int32(3, 1);
      const type = PIECE_TYPES[typeCode];
      if (type === undefined) {
        throw new CtcBiasError('MODEL_ERROR', `${what}: piece ${i} has unknown type ${typeCode}`);
      }
      return Object.freeze({ piece: m.string(1, ''), score: m.float(2, 0), type });
    });
    if (pieces.length === 0) {
      throw new CtcBiasError('MODEL_ERROR', `${what}: model has no pieces`);
    }
    const t = root.message(2, `${what} trainer_spec`);
    const modelTypeCode = t.int32(3, 1);
    const modelType = MODEL_TYPES[modelTypeCode];
    if (modelType === undefined) {
      throw new CtcBiasError('MODEL_ERROR', `${what}: unknown model type ${modelTypeCode}`);
    }
    const trainerSpec: SentencePieceTrainerSpec = Object.freeze({
      modelType,
      vocabSize: t.int32(4, 8000),
      unkId: t.int32(40, 0),
      bosId: t.int32(41, 1),
      eosId: t.int32(42, 2),
      padId: t.int32(43, -1),
      unkSurface: t.string(44, ' \u2047 '),
      byteFallback: t.bool(35, false),
      treatWhitespaceAsSuffix: t.bool(24, false),
    });
    const n = root.message(3, `${what} normalizer_spec`);
    const normalizerSpec: SentencePieceNormalizerSpec = Object.freeze({
      name: n.string(1, ''),
      precompiledCharsmap: n.bytes(2),
      addDummyPrefix: n.bool(3, true),
      removeExtraWhitespaces: n.bool(4, true),
      escapeWhitespaces: n.bool(5, true),
    });
    return Object.freeze({ pieces: Object.freeze(pieces), trainerSpec, normalizerSpec });
  } catch (e) {
    if (e instanceof CtcBiasError) throw e;
    // TextDecoder (fatal) rejects a piece that is not UTF-8.
    throw new CtcBiasError('MODEL_ERROR', `${what}: cannot parse model`, { cause: e });
  }
}
