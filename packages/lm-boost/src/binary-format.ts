import { CtcBiasError } from '@ctcbias/core';
import { NgramLm } from './ngram-lm.js';
import { NgramTable } from './ngram-table.js';

/** File magic, the ASCII bytes `CBLM`. */
const MAGIC = 0x4d4c4243;
/** Bumped whenever the layout or the n-gram hash changes. */
export const LM_BINARY_VERSION = 1;
const BYTE_ORDER_MARK = 0x01020304;
const FIXED_HEADER_WORDS = 8;

/**
 * Compact binary form of an {@link NgramLm}: the typed arrays of the model written one after
 * another, so reading is a handful of zero-copy views plus splitting one string — no parsing.
 *
 * Layout (little-endian u32 words; every section starts 4-byte aligned):
 *
 * ```
 * header   magic "CBLM" · version · 0x01020304 (byte-order check) · order N · vocab size V ·
 *          word-blob bytes · payload checksum · payload bytes ·
 *          then for n = 2..N: count(n) · capacity(n)
 * payload  words        UTF-8 of the words joined by "\n" (ARPA words never hold whitespace),
 *                       zero-padded to 4 bytes
 *          unigrams     f32 ln p[V] · f32 ln backoff[V]
 *          n = 2..N     u32 keyLo[cap] · u32 keyHi[cap] · f32 ln p[cap] · (n < N) f32 ln backoff[cap]
 * ```
 *
 * The checksum is a 32-bit FNV-1a over the payload's u32 words. The hash tables are stored with
 * their empty slots, so a reader uses them as they are.
 *
 * ```ts
 * const bytes = writeLmBinary(parseArpa(text));   // Uint8Array
 * const lm = readLmBinary(bytes, 'lm.bin');       // same probabilities, loads in milliseconds
 * ```
 */
export function writeLmBinary(lm: NgramLm): Uint8Array {
  const wordBytes = new TextEncoder().encode(lm.words.join('\n'));
  const order = lm.order;
  const headerWords = FIXED_HEADER_WORDS + 2 * (order - 1);
  const v = lm.vocabSize;
  let payload = align4(wordBytes.length) + 8 * v;
  for (const t of lm.tables) payload += (t.backoff === null ? 12 : 16) * t.capacity;
  const out = new Uint8Array(4 * headerWords + payload);
  const u32 = new Uint32Array(out.buffer);
  const f32 = new Float32Array(out.buffer);
  let at = headerWords; // in u32 words
  out.set(wordBytes, 4 * at);
  at += align4(wordBytes.length) / 4;
  f32.set(lm.unigramProb, at);
  at += v;
  f32.set(lm.unigramBackoff, at);
  at += v;
  for (const t of lm.tables) {
    u32.set(t.keyLo, at);
    at += t.capacity;
    u32.set(t.keyHi, at);
    at += t.capacity;
    f32.set(t.prob, at);
    at += t.capacity;
    if (t.backoff !== null) {
      f32.set(t.backoff, at);
      at += t.capacity;
    }
  }
  u32.set(
    [
      MAGIC,
      LM_BINARY_VERSION,
      BYTE_ORDER_MARK,
      order,
      v,
      wordBytes.length,
      checksum(u32, headerWords, at),
      payload,
    ],
    0,
  );
  lm.tables.forEach((t, i) => {
    u32[FIXED_HEADER_WORDS + 2 * i] = t.size;
    u32[FIXED_HEADER_WORDS + 2 * i + 1] = t.capacity;
  });
  return out;
}

/**
 * Reads what {@link writeLmBinary} wrote, after validating the magic, version, byte order,
 * sizes and checksum (any mismatch: `CtcBiasError('PARSE_ERROR')` naming `file`). The model's
 * arrays are views on `bytes` when it is 4-byte aligned (else on one copy).
 */
export function readLmBinary(bytes: Uint8Array, file = '<lm binary>'): NgramLm {
  const fail = (reason: string, value?: unknown): never => {
    throw new CtcBiasError('PARSE_ERROR', reason, value === undefined ? { file } : { file, value });
  };
  if (bytes.byteLength < 4 * FIXED_HEADER_WORDS) fail('too short for an LM binary header');
  const buf =
    bytes.byteOffset % 4 === 0 && bytes.byteLength % 4 === 0 ? bytes : new Uint8Array(bytes);
  if (buf.byteLength % 4 !== 0) fail('length is not a multiple of 4', buf.byteLength);
  const u32 = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const f32 = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const [magic, version, bom, order, v, wordLen, sum, payload] = u32;
  if (magic !== MAGIC) fail('not an LM binary (bad magic)');
  if (bom !== BYTE_ORDER_MARK) fail('LM binary was written with another byte order');
  if (version !== LM_BINARY_VERSION) {
    fail(`unsupported LM binary version (this reader: ${LM_BINARY_VERSION})`, version);
  }
  if (order === undefined || order < 1 || order > 16) fail('bad order', order);
  const n0 = order as number;
  const vocab = v as number;
  const headerWords = FIXED_HEADER_WORDS + 2 * (n0 - 1);
  if (u32.length < headerWords) fail('truncated header');
  if (payload !== 4 * (u32.length - headerWords)) {
    fail(`payload is ${4 * (u32.length - headerWords)} bytes, header says`, payload);
  }
  let at = headerWords;
  const need = (words: number): number => {
    if (at + words > u32.length) fail('truncated payload');
    const from = at;
    at += words;
    return from;
  };
  const wordsAt = need(align4(wordLen as number) / 4);
  const unigramAt = need(2 * vocab);
  const tables: NgramTable[] = [];
  for (let n = 2; n <= n0; n++) {
    const size = u32[FIXED_HEADER_WORDS + 2 * (n - 2)] as number;
    const cap = u32[FIXED_HEADER_WORDS + 2 * (n - 2) + 1] as number;
    if (size >= cap) fail(`${n}-gram table is over-full`, size);
    const lo = need(cap);
    const hi = need(cap);
    const p = need(cap);
    const b = n < n0 ? need(cap) : -1;
    tables.push(
      new NgramTable(
        n,
        u32.subarray(lo, lo + cap),
        u32.subarray(hi, hi + cap),
        f32.subarray(p, p + cap),
        b < 0 ? null : f32.subarray(b, b + cap),
        size,
      ),
    );
  }
  if (at !== u32.length) fail('trailing bytes after the payload');
  if (checksum(u32, headerWords, at) !== sum) fail('checksum mismatch (corrupt file)');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(
    buf.subarray(4 * wordsAt, 4 * wordsAt + (wordLen as number)),
  );
  const words = text.split('\n');
  if (words.length !== vocab) fail(`word list has ${words.length} words, header says`, vocab);
  try {
    return new NgramLm({
      words,
      unigramProb: f32.subarray(unigramAt, unigramAt + vocab),
      unigramBackoff: f32.subarray(unigramAt + vocab, unigramAt + 2 * vocab),
      tables,
    });
  } catch (e) {
    throw new CtcBiasError('PARSE_ERROR', (e as Error).message, { file, cause: e });
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** 32-bit FNV-1a over u32 words [from, to). */
function checksum(u32: Uint32Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (u32[i] as number), 0x01000193);
  return h >>> 0;
}
