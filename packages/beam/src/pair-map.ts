/**
 * An open-addressing hash map from a pair of non-negative 32-bit integers to a non-negative
 * integer, stored in typed arrays (no per-entry objects, no string keys). Both tries of this
 * package — the beam's prefix trie and the entity booster's Aho-Corasick automaton — keep their
 * edges `(node, token) → child` in one.
 *
 * ```ts
 * const edges = new PairMap();
 * edges.set(0, 17, 1);  // node 0 --token 17--> node 1
 * edges.get(0, 17);     // 1
 * edges.get(0, 18);     // -1 (absent)
 * ```
 */
export class PairMap {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 64) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Number of stored pairs. */
  get size(): number {
    return this.count;
  }

  /** Removes every pair, keeping the allocated capacity. */
  clear(): void {
    if (this.count === 0) return;
    this.keysA.fill(-1);
    this.count = 0;
  }

  /** Value stored for `(a, b)`, or -1. */
  get(a: number, b: number): number {
    const keysA = this.keysA;
    const keysB = this.keysB;
    let i = hashPair(a, b) & this.mask;
    for (;;) {
      const k = keysA[i] as number;
      if (k === -1) return -1;
      if (k === a && keysB[i] === b) return this.values[i] as number;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Value stored for `(a, b)`; when absent, stores `valueIfAbsent` (one probe sequence for both)
   * and returns -1.
   */
  getOrInsert(a: number, b: number, valueIfAbsent: number): number {
    if ((this.count + 1) * 2 > this.keysA.length) this.grow();
    const keysA = this.keysA;
    const keysB = this.keysB;
    let i = hashPair(a, b) & this.mask;
    for (;;) {
      const k = keysA[i] as number;
      if (k === -1) {
        keysA[i] = a;
        keysB[i] = b;
        this.values[i] = valueIfAbsent;
        this.count++;
        return -1;
      }
      if (k === a && keysB[i] === b) return this.values[i] as number;
      i = (i + 1) & this.mask;
    }
  }

  /** Stores `value` for `(a, b)`, replacing any previous value. */
  set(a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.keysA.length) this.grow();
    const keysA = this.keysA;
    let i = hashPair(a, b) & this.mask;
    for (;;) {
      const k = keysA[i] as number;
      if (k === -1) {
        keysA[i] = a;
        this.keysB[i] = b;
        this.values[i] = value;
        this.count++;
        return;
      }
      if (k === a && this.keysB[i] === b) {
        this.values[i] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldA = this.keysA;
    const oldB = this.keysB;
    const oldV = this.values;
    const cap = oldA.length * 2;
    this.keysA = new Int32Array(cap).fill(-1);
    this.keysB = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < oldA.length; i++) {
      const a = oldA[i] as number;
      if (a !== -1) this.set(a, oldB[i] as number, oldV[i] as number);
    }
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
