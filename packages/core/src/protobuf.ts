import { CtcBiasError } from './errors.js';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/). */
export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** One field of a protobuf message as it appears on the wire. */
export interface ProtoField {
  readonly field: number;
  readonly wireType: number;
  /** VARINT: the unsigned value (exact up to 2^53); other wire types: 0. */
  readonly varint: number;
  /** VARINT: the low 32 bits as a signed int32 (how protobuf `int32`/enum fields read); else 0. */
  readonly int32: number;
  /** LEN, I32 and I64: the raw bytes (a view into the input, not a copy). */
  readonly bytes: Uint8Array;
}

/**
 * A minimal protobuf wire-format reader — just enough to read a SentencePiece `ModelProto`
 * without a protobuf library. It walks one message's fields in order; nested messages are read
 * by passing a LEN field's `bytes` to `readProtoFields` again. Unknown fields are returned like
 * any other, so callers simply skip the ones they do not need.
 *
 * ```ts
 * // 0x08 0x96 0x01 = field 1, varint 150; 0x12 0x02 0x68 0x69 = field 2, bytes "hi"
 * readProtoFields(new Uint8Array([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69]));
 * // → [{ field: 1, wireType: 0, varint: 150, … }, { field: 2, wireType: 2, bytes: [0x68, 0x69], … }]
 * ```
 *
 * Throws `CtcBiasError('MODEL_ERROR')` on truncated input, an unsupported wire type (groups) or
 * field number 0; `what` names the input in the message.
 */
export function readProtoFields(buf: Uint8Array, what = 'protobuf'): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const fail = (reason: string): never => {
    throw new CtcBiasError('MODEL_ERROR', `${what}: ${reason} at byte ${pos}`);
  };
  let low32 = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    low32 = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) fail('truncated varint');
      const b = buf[pos++] as number;
      result += (b & 0x7f) * mul;
      if (i < 5) low32 = (low32 + (b & 0x7f) * mul) % 2 ** 32;
      mul *= 128;
      if ((b & 0x80) === 0) return result;
    }
    return fail('varint longer than 10 bytes');
  };
  const take = (n: number): Uint8Array => {
    if (pos + n > buf.length) fail(`truncated field (needs ${n} bytes)`);
    const out = buf.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const empty = new Uint8Array(0);
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0) fail('field number 0');
    switch (wireType) {
      case WIRE_VARINT: {
        const value = varint();
        fields.push({ field, wireType, varint: value, int32: low32 | 0, bytes: empty });
        break;
      }
      case WIRE_I64:
        fields.push({ field, wireType, varint: 0, int32: 0, bytes: take(8) });
        break;
      case WIRE_LEN:
        fields.push({ field, wireType, varint: 0, int32: 0, bytes: take(varint()) });
        break;
      case WIRE_I32:
        fields.push({ field, wireType, varint: 0, int32: 0, bytes: take(4) });
        break;
      default:
        fail(`unsupported wire type ${wireType} for field ${field}`);
    }
  }
  return fields;
}

/** An I32 field read as a little-endian float32. */
export function protoFloat(f: ProtoField): number {
  return new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getFloat32(0, true);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A LEN field read as a UTF-8 string. */
export function protoString(f: ProtoField): string {
  return utf8.decode(f.bytes);
}
