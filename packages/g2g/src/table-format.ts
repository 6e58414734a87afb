import { CtcBiasError } from '@ctcbias/core';
import { type AlignedUnit, unitKey } from './alignment.js';
import { JointNgram } from './joint-ngram.js';

const MAGIC = 'CTCBG2G1';
const LEVELS = 256;

/** What a table file says about itself besides the model: free-form training notes. */
export type TableMeta = Readonly<Record<string, string | number>>;

interface Header {
  readonly order: number;
  /** Unit keys (`unitKey`); ids 0 and 1 are `<s>` and `</s>`. */
  readonly units: readonly string[];
  readonly contexts: number;
  readonly ngrams: number;
  readonly meta: TableMeta;
}

/**
 * 8-bit quantization: 256 levels at the means of equal-population bins of the sorted values.
 *
 * ```ts
 * quantize(Float32Array.of(-1, -1, -3)); // { codebook: [-3, -1, …], codes: [1, 1, 0] }
 * ```
 */
function quantize(values: Float32Array): { codebook: Float32Array; codes: Uint8Array } {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (const v of sorted) if (distinct[distinct.length - 1] !== v) distinct.push(v);
  const codebook = new Float32Array(LEVELS);
  const bounds: number[] = []; // upper bound (inclusive) of each level
  if (distinct.length <= LEVELS) {
    distinct.forEach((v, i) => {
      codebook[i] = v;
      bounds.push(v);
    });
  } else {
    for (let l = 0; l < LEVELS; l++) {
      const lo = Math.floor((l * sorted.length) / LEVELS);
      const hi = Math.floor(((l + 1) * sorted.length) / LEVELS);
      let sum = 0;
      for (let i = lo; i < hi; i++) sum += sorted[i] as number;
      codebook[l] = hi > lo ? sum / (hi - lo) : (sorted[lo] as number);
      bounds.push(sorted[hi - 1] as number);
    }
  }
  const codes = new Uint8Array(values.length);
  values.forEach((v, i) => {
    let a = 0;
    let b = bounds.length - 1;
    while (a < b) {
      const m = (a + b) >>> 1;
      if ((bounds[m] as number) < v) a = m + 1;
      else b = m;
    }
    codes[i] = a;
  });
  return { codebook, codes };
}

const align4 = (n: number) => (n + 3) & ~3;

function dequantize(codes: Uint8Array, codebook: Float32Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codebook[codes[i] as number] as number;
  return out;
}

/** Bytes after the header for C contexts and E n-grams. */
const tableBytes = (C: number, E: number) => 4 * 2 * LEVELS + 2 * (3 * C - 1 + E) + E + C;

/** Per-node counts from start offsets (each ≤ the unit count, so they fit 16 bits). */
function counts(start: Uint32Array): Uint16Array {
  return Uint16Array.from(
    { length: start.length - 1 },
    (_, i) => (start[i + 1] as number) - (start[i] as number),
  );
}

/** Start offsets (length C + 1) from per-node counts. */
function starts(count: Uint16Array): Uint32Array {
  const start = new Uint32Array(count.length + 1);
  count.forEach((c, i) => {
    start[i + 1] = (start[i] as number) + c;
  });
  return start;
}

/**
 * Serializes a model as a compact binary table (log-probabilities and backoff weights
 * quantized to 8 bits):
 *
 * ```text
 * "CTCBG2G1"  u32 header bytes  header JSON {order, units, contexts, ngrams, meta}  pad to 4
 * f32 entryCodebook[256]  f32 backoffCodebook[256]
 * u16 childCount[C]  u16 entryCount[C]  u16 childUnit[C-1]  u16 entryUnit[E]
 * u8 entryCode[E]  u8 backoffCode[C]
 * ```
 * little-endian; C contexts, E n-grams: 7 bytes a context, 3 bytes an n-gram.
 */
export function encodeTable(model: JointNgram, meta: TableMeta = {}): Uint8Array {
  const a = model.arrays;
  const C = a.backoff.length;
  const E = a.entryUnit.length;
  const header: Header = {
    order: a.order,
    units: a.units.map((u, id) =>
      id === 0 ? '<s>' : id === 1 ? '</s>' : unitKey(u.letters, u.phones),
    ),
    contexts: C,
    ngrams: E,
    meta,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const entries = quantize(a.entryLogProb);
  const backoffs = quantize(a.backoff);
  const start = align4(8 + 4 + json.length);
  const size = start + tableBytes(C, E);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let at = start;
  const put = (arr: Uint32Array | Float32Array | Uint16Array | Uint8Array) => {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), at);
    at += arr.byteLength;
  };
  assertLittleEndian();
  put(entries.codebook);
  put(backoffs.codebook);
  put(counts(a.childStart));
  put(counts(a.entryStart));
  put(a.childUnit);
  put(a.entryUnit);
  put(entries.codes);
  put(backoffs.codes);
  return out;
}

function assertLittleEndian(): void {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
    throw new CtcBiasError('UNSUPPORTED', 'g2g tables need a little-endian platform');
  }
}

function parseUnit(key: string, file: string): AlignedUnit {
  const colon = key.indexOf(':');
  if (colon <= 0)
    throw new CtcBiasError('PARSE_ERROR', 'bad unit in g2g table', { file, value: key });
  const phones = key.slice(colon + 1);
  return Object.freeze({
    letters: key.slice(0, colon),
    phones: Object.freeze(phones === '' ? [] : phones.split(' ')),
  });
}

/** Reads a table written by {@link encodeTable}; `file` names it in error messages. */
export function decodeTable(
  bytes: Uint8Array,
  file = 'g2g table',
): { model: JointNgram; meta: TableMeta } {
  assertLittleEndian();
  const bad = (reason: string, value?: unknown): never => {
    throw new CtcBiasError('PARSE_ERROR', reason, value === undefined ? { file } : { file, value });
  };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    bad('not a g2g table (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.length) bad('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  } catch (cause) {
    throw new CtcBiasError('PARSE_ERROR', 'bad header JSON', { file, cause });
  }
  const { order, units, contexts: C, ngrams: E } = header;
  if (
    !Number.isInteger(order) ||
    !Array.isArray(units) ||
    !Number.isInteger(C) ||
    !Number.isInteger(E) ||
    C < 1
  ) {
    bad('bad header', { order, contexts: C, ngrams: E });
  }
  let at = align4(12 + jsonLength);
  const expected = at + tableBytes(C, E);
  if (bytes.length !== expected) bad(`size ${bytes.length} bytes, expected ${expected}`);
  // Copy each array out so that it is aligned whatever the input's byteOffset.
  const take = (n: number): ArrayBuffer => {
    const buf = new Uint8Array(bytes.subarray(at, at + n)).buffer; // a copy, even for a Buffer
    at += n;
    return buf;
  };
  const entryCodebook = new Float32Array(take(4 * LEVELS));
  const backoffCodebook = new Float32Array(take(4 * LEVELS));
  const childStart = starts(new Uint16Array(take(2 * C)));
  const entryStart = starts(new Uint16Array(take(2 * C)));
  const childUnit = new Uint16Array(take(2 * (C - 1)));
  const entryUnit = new Uint16Array(take(2 * E));
  const entryCodes = new Uint8Array(take(E));
  const backoffCodes = new Uint8Array(take(C));
  const entryLogProb = dequantize(entryCodes, entryCodebook);
  const backoff = dequantize(backoffCodes, backoffCodebook);
  const parsed = units.map((k, id) =>
    id < 2 ? Object.freeze({ letters: '', phones: Object.freeze([]) }) : parseUnit(k, file),
  );
  for (const arr of [childUnit, entryUnit]) {
    for (const u of arr) if (u >= parsed.length) bad('unit id out of range', u);
  }
  let model: JointNgram;
  try {
    model = new JointNgram({
      order,
      units: Object.freeze(parsed),
      childStart,
      childUnit,
      backoff,
      entryStart,
      entryUnit,
      entryLogProb,
    });
  } catch (cause) {
    throw new CtcBiasError('PARSE_ERROR', 'inconsistent g2g table', { file, cause });
  }
  return { model, meta: Object.freeze({ ...header.meta }) };
}
