import { CtcBiasError } from './errors.js';

/** SentencePiece word-boundary marker (U+2581 LOWER ONE EIGHTH BLOCK). A token starting with it begins a word. */
export const WORD_BOUNDARY = '\u2581';

/** JSON form of a {@link Vocabulary}: `{"tokens": [...], "blank": 0}` (`unk` optional). */
export interface VocabularyJson {
  tokens: readonly string[];
  blank: number;
  unk?: number;
}

/**
 * The model's output symbols: token id `i` is column `i` of the subword posteriors.
 *
 * ```ts
 * const v = Vocabulary.fromJson({ tokens: ['<blk>', '<unk>', '▁a', 'b', '▁ab'], blank: 0, unk: 1 });
 * v.size;            // 5
 * v.idOf('▁ab');     // 4
 * v.token(3);        // 'b'
 * v.isWordStart(2);  // true  ('▁a' begins a word)
 * v.isWordStart(3);  // false ('b' continues one)
 * v.toJSON();        // { tokens: [...], blank: 0, unk: 1 }
 * ```
 *
 * If no `unk` is given, the token `<unk>` is used when present, else `-1` (no unknown token).
 */
export class Vocabulary {
  readonly tokens: readonly string[];
  readonly blank: number;
  /** Id of the unknown token, or -1 when the vocabulary has none. */
  readonly unk: number;
  private readonly ids: ReadonlyMap<string, number>;
  private readonly wordStart: Uint8Array;

  constructor(tokens: readonly string[], blank: number, unk?: number) {
    if (tokens.length === 0) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'vocabulary has no tokens');
    }
    const ids = new Map<string, number>();
    tokens.forEach((t, i) => {
      if (typeof t !== 'string') {
        throw new CtcBiasError('INVALID_ARGUMENT', `vocabulary token ${i} is not a string`, {
          value: t,
        });
      }
      if (ids.has(t)) {
        throw new CtcBiasError('INVALID_ARGUMENT', `duplicate vocabulary token at ${i}`, {
          value: t,
        });
      }
      ids.set(t, i);
    });
    checkId(blank, tokens.length, 'blank');
    const unkId = unk ?? ids.get('<unk>') ?? -1;
    if (unkId !== -1) checkId(unkId, tokens.length, 'unk');
    if (unkId === blank) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'unk id equals blank id', { value: unkId });
    }
    this.tokens = Object.freeze([...tokens]);
    this.blank = blank;
    this.unk = unkId;
    this.ids = ids;
    this.wordStart = Uint8Array.from(tokens, (t) => (t.startsWith(WORD_BOUNDARY) ? 1 : 0));
  }

  /** Validates and builds a vocabulary from its JSON form (e.g. a parsed `tokens.json`). */
  static fromJson(json: unknown): Vocabulary {
    if (typeof json !== 'object' || json === null) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'vocabulary JSON must be an object', {
        value: json,
      });
    }
    const o = json as Record<string, unknown>;
    if (!Array.isArray(o.tokens)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'vocabulary JSON needs a "tokens" array');
    }
    if (typeof o.blank !== 'number') {
      throw new CtcBiasError('INVALID_ARGUMENT', 'vocabulary JSON needs a numeric "blank"', {
        value: o.blank,
      });
    }
    if (o.unk !== undefined && typeof o.unk !== 'number') {
      throw new CtcBiasError('INVALID_ARGUMENT', 'vocabulary "unk" must be a number', {
        value: o.unk,
      });
    }
    return new Vocabulary(o.tokens as string[], o.blank, o.unk as number | undefined);
  }

  get size(): number {
    return this.tokens.length;
  }

  idOf(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Token string for `id`; throws INVALID_ARGUMENT when out of range. */
  token(id: number): string {
    const t = this.tokens[id];
    if (t === undefined) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'token id out of range', { value: id });
    }
    return t;
  }

  /** True when token `id` begins with {@link WORD_BOUNDARY}. */
  isWordStart(id: number): boolean {
    return this.wordStart[id] === 1;
  }

  toJSON(): VocabularyJson {
    const json: VocabularyJson = { tokens: [...this.tokens], blank: this.blank };
    if (this.unk !== -1) json.unk = this.unk;
    return json;
  }
}

function checkId(id: number, size: number, what: string): void {
  if (!Number.isInteger(id) || id < 0 || id >= size) {
    throw new CtcBiasError('INVALID_ARGUMENT', `${what} id out of range [0, ${size})`, {
      value: id,
    });
  }
}
