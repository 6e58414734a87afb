import { CtcBiasError } from '@ctcbias/core';

/**
 * The phone posteriors' symbol table: phone string ↔ column index, blank at column 0
 * (`EncoderOutput.phoneSymbols`).
 *
 * ```ts
 * const inv = new PhoneInventory(['<blk>', 'AA', 'AE', 'K', 'T']);
 * inv.size;                         // 5
 * inv.columnOf('K');                // 3
 * inv.encode(['K', 'AE', 'T']);     // Int32Array [3, 2, 4]
 * inv.encode(['K', 'EY']);          // throws INVALID_ARGUMENT: phone "EY" is not a phone symbol
 * ```
 */
export class PhoneInventory {
  readonly symbols: readonly string[];
  private readonly columns: ReadonlyMap<string, number>;

  constructor(symbols: readonly string[]) {
    if (symbols.length < 2) {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        'phone symbols need a blank and at least one phone',
        {
          value: symbols,
        },
      );
    }
    const columns = new Map<string, number>();
    symbols.forEach((s, i) => {
      if (columns.has(s)) {
        throw new CtcBiasError('INVALID_ARGUMENT', `duplicate phone symbol at column ${i}`, {
          value: s,
        });
      }
      columns.set(s, i);
    });
    this.symbols = symbols;
    this.columns = columns;
  }

  /** Number of columns, blank included. */
  get size(): number {
    return this.symbols.length;
  }

  /** Column of a (non-blank) phone, or `undefined` if the posteriors have no such phone. */
  columnOf(phone: string): number | undefined {
    const c = this.columns.get(phone);
    return c === undefined || c === 0 ? undefined : c;
  }

  /**
   * Columns of a phone sequence. Throws `CtcBiasError('INVALID_ARGUMENT')` naming the phone when
   * one is not a non-blank symbol of the posteriors.
   */
  encode(phones: readonly string[]): Int32Array {
    const out = new Int32Array(phones.length);
    phones.forEach((p, i) => {
      const c = this.columnOf(p);
      if (c === undefined) {
        throw new CtcBiasError('INVALID_ARGUMENT', 'unknown phone', { value: p });
      }
      out[i] = c;
    });
    return out;
  }
}
