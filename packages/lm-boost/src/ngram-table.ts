/**
 * One order of an n-gram model as an open-addressing hash table keyed by a 64-bit hash of the
 * n-gram's word ids — no word ids and no JS object per n-gram are stored, only parallel typed
 * arrays:
 *
 * ```ts
 * const t = NgramTable.create(2, 3, true);         // bigrams, room for 3, with backoffs
 * t.insert(Int32Array.of(4, 7), 0, -1.2, -0.3);    // "w4 w7": ln p = -1.2, ln backoff = -0.3
 * const slot = t.find(Int32Array.of(9, 4, 7), 1);  // looks up ids[1..3) = (4, 7)
 * t.prob[slot];                                    // -1.2 (float32)
 * t.find(Int32Array.of(7, 4), 0);                  // -1: not stored
 * ```
 *
 * Layout: slot `i` holds `keyLo[i]`, `keyHi[i]` (the two 32-bit halves of the key; `0, 0` marks
 * an empty slot), `prob[i]` and, for every order below the model's highest, `backoff[i]`
 * (both natural log). A key's home slot is `floor(keyLo · capacity / 2³²)`; collisions probe
 * linearly. Two distinct n-grams with the same 64-bit key would be conflated; with a few million
 * n-grams the chance of that is below 10⁻⁶.
 *
 * The hash (two murmur3-style 32-bit lanes with different seeds over the ids in sentence order)
 * is part of the binary file format: changing it requires a new format version.
 */
export class NgramTable {
  readonly order: number;
  readonly capacity: number;
  readonly keyLo: Uint32Array;
  readonly keyHi: Uint32Array;
  readonly prob: Float32Array;
  /** Natural-log backoff weights, or `null` for the highest order. */
  readonly backoff: Float32Array | null;
  /** Number of stored n-grams. */
  size: number;

  constructor(
    order: number,
    keyLo: Uint32Array,
    keyHi: Uint32Array,
    prob: Float32Array,
    backoff: Float32Array | null,
    size: number,
  ) {
    this.order = order;
    this.capacity = keyLo.length;
    this.keyLo = keyLo;
    this.keyHi = keyHi;
    this.prob = prob;
    this.backoff = backoff;
    this.size = size;
  }

  /** An empty table with room for `count` n-grams (load factor ≤ 0.75). */
  static create(order: number, count: number, withBackoff: boolean): NgramTable {
    const capacity = capacityFor(count);
    return new NgramTable(
      order,
      new Uint32Array(capacity),
      new Uint32Array(capacity),
      new Float32Array(capacity),
      withBackoff ? new Float32Array(capacity) : null,
      0,
    );
  }

  /** Slot of the n-gram `ids[start .. start + order)`, or -1 when it is not stored. */
  find(ids: Int32Array, start: number): number {
    const lo = hashLo(ids, start, this.order);
    const hi = hashHi(ids, start, this.order);
    const cap = this.capacity;
    const keyLo = this.keyLo;
    const keyHi = this.keyHi;
    let i = homeSlot(lo, cap);
    for (;;) {
      const l = keyLo[i] as number;
      const h = keyHi[i] as number;
      if (l === lo && h === hi) return i;
      if (l === 0 && h === 0) return -1;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  /**
   * Stores the n-gram `ids[start .. start + order)`. Returns its slot, or -1 when the key is
   * already present (a duplicate n-gram) or the table is full.
   */
  insert(ids: Int32Array, start: number, prob: number, backoff: number): number {
    if (this.size + 1 >= this.capacity) return -1;
    const lo = hashLo(ids, start, this.order);
    const hi = hashHi(ids, start, this.order);
    const cap = this.capacity;
    let i = homeSlot(lo, cap);
    for (;;) {
      const l = this.keyLo[i] as number;
      const h = this.keyHi[i] as number;
      if (l === 0 && h === 0) break;
      if (l === lo && h === hi) return -1;
      i = i + 1 === cap ? 0 : i + 1;
    }
    this.keyLo[i] = lo;
    this.keyHi[i] = hi;
    this.prob[i] = prob;
    if (this.backoff !== null) this.backoff[i] = backoff;
    this.size++;
    return i;
  }
}

/** Slots for `count` entries: load factor ≤ 0.75, at least one free slot. */
export function capacityFor(count: number): number {
  return Math.max(4, Math.ceil(count / 0.75) + 1);
}

function homeSlot(lo: number, capacity: number): number {
  return Math.floor((lo * capacity) / 4294967296);
}

function mix(h: number, k: number): number {
  let x = Math.imul(k, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  let y = h ^ x;
  y = (y << 13) | (y >>> 19);
  return (Math.imul(y, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, len: number): number {
  let x = h ^ len;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Low 32 bits of the key of `ids[start .. start + n)` (unsigned). */
function hashLo(ids: Int32Array, start: number, n: number): number {
  let h = 0x9747b28c;
  for (let i = start; i < start + n; i++) h = mix(h, ids[i] as number);
  return fmix(h, n);
}

/** High 32 bits of the key; never 0 together with a 0 low half (that pair marks empty slots). */
function hashHi(ids: Int32Array, start: number, n: number): number {
  let h = 0x3c6ef372;
  for (let i = start; i < start + n; i++) h = mix(h, (ids[i] as number) ^ 0x5bd1e995);
  const hi = fmix(h, n + 0x100);
  return hi === 0 ? 1 : hi;
}
