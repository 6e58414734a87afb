import { CtcBiasError } from './errors.js';
import { Lattice, type LatticeNode } from './sentencepiece-lattice.js';
import {
  parseSentencePieceModel,
  type SentencePieceEntry,
  type SentencePieceModel,
} from './sentencepiece-model.js';
import type { Segmentation, Tokenizer } from './tokenizer.js';
import { Vocabulary, WORD_BOUNDARY } from './vocabulary.js';

/** Options for {@link SentencePieceTokenizer}. */
export interface SentencePieceTokenizerOptions {
  /** The CTC blank: a piece string or an id. Default `'<blk>'`. */
  readonly blank?: string | number;
}

/** SentencePiece's penalty for an unknown character: its score is `min(score) - 10`. */
const UNK_PENALTY = 10;
/** C++ `FLT_MIN`, the (odd but real) starting value of SentencePiece's max-score scan. */
const FLT_MIN = 1.1754943508222875e-38;
/** Most n-best segmentations SentencePiece returns. */
const MAX_NBEST = 1024;

interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** Vocabulary id of the piece ending here, or -1. */
  id: number;
}

const f32 = Math.fround;
const utf8 = new TextEncoder();

/**
 * A {@link Tokenizer} that segments exactly like SentencePiece's **unigram** model
 * (`sentencepiece` 0.1.97, the one Debian's `python3-sentencepiece` ships), built from the
 * model's `.model` bytes — no native code, so it runs in browsers.
 *
 * What it reproduces:
 * - the model's normalizer spec, for `identity` rules (no precompiled character map): a dummy
 *   `▁` prefix, leading/trailing/repeated ASCII spaces dropped, spaces escaped as `▁`. Only the
 *   ASCII space counts as whitespace (`\t` or U+00A0 are ordinary, usually unknown, characters);
 * - Viterbi over the pieces' float32 scores with SentencePiece's tie-breaking;
 * - unknown characters become the unknown piece (score `min − 10`), and a run of consecutive
 *   unknown pieces merges into one: `'ÆØ'` → `['▁', 'ÆØ']` → `[19, 1]`;
 * - control pieces (`<blk>`) are never produced; unused pieces are skipped; user-defined pieces
 *   get SentencePiece's near-zero score, so they win over any normal segmentation;
 * - n-best lists via A* in SentencePiece's order, with float32 scores.
 *
 * It refuses (`CtcBiasError('UNSUPPORTED')`) BPE/word/char models, normalizers with a
 * precompiled character map (e.g. `nmt_nfkc`: train with `--normalization_rule_name=identity`;
 * ctcbias normalizes text with `normalizeText` before tokenizing), byte fallback,
 * `treat_whitespace_as_suffix`, and `escape_whitespaces=false`.
 *
 * ```ts
 * const tok = SentencePieceTokenizer.fromBytes(bytes);   // bytes of tokenizer.model
 * tok.encodePieces('hello world'); // ['▁he', 'll', 'o', '▁w', 'or', 'l', 'd']
 * tok.encode('hello world');       // [30, 64, 8, 55, 38, 25, 6]
 * tok.nbest('smith', 2);           // [{ ids: [33, 13, 12, 83], score: -18.93… },
 *                                  //  { ids: [33, 13, 80, 40], score: -19.83… }]
 * tok.decode([30, 64, 8, 55, 38, 25, 6]); // 'hello world'
 * tok.vocabulary.blank;            // 0  ('<blk>')
 * ```
 */
export class SentencePieceTokenizer implements Tokenizer {
  readonly vocabulary: Vocabulary;
  readonly model: SentencePieceModel;
  private readonly pieces: readonly SentencePieceEntry[];
  private readonly trie: TrieNode = { next: new Map(), id: -1 };
  private readonly unkId: number;
  private readonly unkScore: number;
  private readonly maxScore: number;

  constructor(model: SentencePieceModel, options: SentencePieceTokenizerOptions = {}) {
    checkSupported(model);
    this.model = model;
    this.pieces = model.pieces;
    let minScore = Number.MAX_VALUE;
    let maxScore = FLT_MIN;
    const unkIds: number[] = [];
    const seen = new Set<string>();
    this.pieces.forEach((p, id) => {
      if (p.piece === '') {
        throw new CtcBiasError('MODEL_ERROR', `sentencepiece piece ${id} is empty`);
      }
      if (seen.has(p.piece)) {
        throw new CtcBiasError('MODEL_ERROR', `duplicate sentencepiece piece ${id}`, {
          value: p.piece,
        });
      }
      seen.add(p.piece);
      if (p.type === 'normal') {
        minScore = Math.min(minScore, p.score);
        maxScore = Math.max(maxScore, p.score);
      }
      if (p.type === 'unknown') unkIds.push(id);
      if (p.type === 'normal' || p.type === 'user-defined' || p.type === 'unused') {
        this.addToTrie(p.piece, id);
      }
    });
    if (unkIds.length !== 1) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        `sentencepiece model must have exactly one unknown piece, has ${unkIds.length}`,
      );
    }
    this.unkId = unkIds[0] as number;
    if (minScore === Number.MAX_VALUE) minScore = 0;
    this.unkScore = f32(minScore - UNK_PENALTY);
    this.maxScore = maxScore;

    const tokens = this.pieces.map((p) => p.piece);
    const blankOption = options.blank ?? '<blk>';
    const blank = typeof blankOption === 'number' ? blankOption : tokens.indexOf(blankOption);
    if (blank < 0 || blank >= tokens.length) {
      throw new CtcBiasError('MODEL_ERROR', 'sentencepiece model has no CTC blank piece', {
        value: blankOption,
      });
    }
    this.vocabulary = new Vocabulary(tokens, blank, this.unkId);
  }

  /** Parses `.model` bytes (see {@link parseSentencePieceModel}); `file` names them in errors. */
  static fromBytes(
    bytes: Uint8Array,
    options: SentencePieceTokenizerOptions & { file?: string } = {},
  ): SentencePieceTokenizer {
    return new SentencePieceTokenizer(parseSentencePieceModel(bytes, options.file), options);
  }

  /**
   * SentencePiece's normalizer output as characters (code points), `▁` for spaces:
   * `'  a  b '` → `['▁', 'a', '▁', 'b']`; whitespace-only → `[]`.
   */
  normalize(text: string): string[] {
    const spec = this.model.normalizerSpec;
    const chars = Array.from(text, (c) => (isLoneSurrogate(c) ? '\ufffd' : c));
    if (chars.length === 0) return [];
    let i = 0;
    if (spec.removeExtraWhitespaces) {
      while (i < chars.length && chars[i] === ' ') i++;
    }
    const out: string[] = [];
    if (spec.addDummyPrefix) out.push(WORD_BOUNDARY);
    let prevSpace = spec.removeExtraWhitespaces;
    for (; i < chars.length; i++) {
      const c = chars[i] as string;
      if (c === ' ') {
        if (!prevSpace) out.push(WORD_BOUNDARY);
        prevSpace = true;
      } else {
        out.push(c);
        prevSpace = false;
      }
      if (!spec.removeExtraWhitespaces) prevSpace = false;
    }
    if (spec.removeExtraWhitespaces) {
      while (out[out.length - 1] === WORD_BOUNDARY) out.pop();
    }
    return out;
  }

  encode(text: string): number[] {
    return this.viterbi(this.normalize(text));
  }

  /** Like {@link encode}, as piece strings (a merged unknown run shows its characters). */
  encodePieces(text: string): string[] {
    const chars = this.normalize(text);
    const ids = this.viterbiUnmerged(chars);
    const out: string[] = [];
    let pos = 0;
    let prevUnk = false;
    for (const [id, length] of ids) {
      const surface = chars.slice(pos, pos + length).join('');
      const isUnk = id === this.unkId;
      if (isUnk && prevUnk) out[out.length - 1] += surface;
      else out.push(isUnk ? surface : (this.pieces[id] as SentencePieceEntry).piece);
      prevUnk = isUnk;
      pos += length;
    }
    return out;
  }

  /** Encodes one word (no whitespace inside); the first id carries `▁`. */
  encodeWord(word: string): number[] {
    if (word === '' || /\s/u.test(word)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'encodeWord needs one non-empty word', {
        value: word,
      });
    }
    return this.encode(word);
  }

  /**
   * Up to `n` segmentations of `text` (usually one word), best first, each with its float32
   * log-probability score — SentencePiece's `NBestEncode`. An empty/whitespace-only text gives
   * one empty segmentation with score 0. Unlike SentencePiece, `n = 1` reports the real
   * Viterbi score (SentencePiece reports 0 there). `n` is capped at 1024.
   */
  nbest(text: string, n: number): Segmentation[] {
    if (!Number.isInteger(n) || n < 1) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'nbest size must be a positive integer', {
        value: n,
      });
    }
    const chars = this.normalize(text);
    if (chars.length === 0) return [{ ids: [], score: 0 }];
    const lattice = this.buildLattice(chars);
    return lattice.nbest(Math.min(n, MAX_NBEST)).map((path) => ({
      ids: this.mergeUnknown(path.nodes.map((node: LatticeNode) => node.id)),
      score: path.score,
    }));
  }

  /**
   * SentencePiece's `DecodeIds`, then leading/trailing spaces trimmed: `▁` becomes a space
   * (dropped at the start), control pieces print nothing, the unknown piece prints the model's
   * `unk_surface` (`' ⁇ '`). Throws INVALID_ARGUMENT for an id out of range.
   */
  decode(ids: readonly number[]): string {
    let text = '';
    for (const id of ids) {
      const p = this.pieces[id];
      if (p === undefined) {
        throw new CtcBiasError('INVALID_ARGUMENT', 'token id out of range', { value: id });
      }
      if (p.type === 'control') continue;
      if (p.type === 'unknown') {
        text += this.model.trainerSpec.unkSurface;
        continue;
      }
      let piece = p.piece;
      if (text === '' && piece.startsWith(WORD_BOUNDARY)) piece = piece.slice(WORD_BOUNDARY.length);
      text += piece.replaceAll(WORD_BOUNDARY, ' ');
    }
    return text.replace(/^ +| +$/g, '');
  }

  private addToTrie(piece: string, id: number): void {
    let node = this.trie;
    for (const c of piece) {
      const cp = c.codePointAt(0) as number;
      let next = node.next.get(cp);
      if (next === undefined) {
        next = { next: new Map(), id: -1 };
        node.next.set(cp, next);
      }
      node = next;
    }
    node.id = id;
  }

  /** Calls `visit(id, end)` for every piece starting at `start`, shortest first (unused skipped). */
  private forEachPiece(
    chars: readonly string[],
    start: number,
    visit: (id: number, end: number) => void,
  ): void {
    let node: TrieNode | undefined = this.trie;
    for (let end = start; end < chars.length; end++) {
      node = node.next.get((chars[end] as string).codePointAt(0) as number);
      if (node === undefined) return;
      if (node.id >= 0 && (this.pieces[node.id] as SentencePieceEntry).type !== 'unused') {
        visit(node.id, end + 1);
      }
    }
  }

  /**
   * SentencePiece's `EncodeOptimized`: forward Viterbi without a lattice. A normal piece's
   * candidate score is computed in double precision and stored as float32, an unknown
   * character's in float32 — exactly as the C++ types do, so near-ties resolve the same way.
   * Returns `[id, length in chars]` per piece, unknown runs not yet merged.
   */
  private viterbiUnmerged(chars: readonly string[]): [number, number][] {
    const size = chars.length;
    if (size === 0) return [];
    const best = new Float64Array(size + 1);
    const startsAt = new Int32Array(size + 1).fill(-1);
    const ids = new Int32Array(size + 1);
    for (let start = 0; start < size; start++) {
      const tillHere = best[start] as number;
      let hasSingle = false;
      this.forEachPiece(chars, start, (id, end) => {
        const p = this.pieces[id] as SentencePieceEntry;
        // C++: `length * max_score_ - 0.1` is a double (length in bytes), a normal score a float.
        const score =
          p.type === 'user-defined'
            ? f32(utf8.encode(p.piece).length * this.maxScore) - 0.1
            : p.score;
        const candidate = score + tillHere;
        if (startsAt[end] === -1 || candidate > (best[end] as number)) {
          best[end] = f32(candidate);
          startsAt[end] = start;
          ids[end] = id;
        }
        if (end === start + 1) hasSingle = true;
      });
      if (!hasSingle) {
        const candidate = f32(this.unkScore + tillHere);
        if (startsAt[start + 1] === -1 || candidate > (best[start + 1] as number)) {
          best[start + 1] = candidate;
          startsAt[start + 1] = start;
          ids[start + 1] = this.unkId;
        }
      }
    }
    const out: [number, number][] = [];
    for (let end = size; end > 0; end = startsAt[end] as number) {
      out.push([ids[end] as number, end - (startsAt[end] as number)]);
    }
    return out.reverse();
  }

  private viterbi(chars: readonly string[]): number[] {
    return this.mergeUnknown(this.viterbiUnmerged(chars).map(([id]) => id));
  }

  /** SentencePiece's `PopulateNodes`: every piece at every position, unknown where no 1-char piece. */
  private buildLattice(chars: readonly string[]): Lattice {
    const lattice = new Lattice(chars.length);
    for (let start = 0; start < chars.length; start++) {
      let hasSingle = false;
      this.forEachPiece(chars, start, (id, end) => {
        const p = this.pieces[id] as SentencePieceEntry;
        const length = end - start;
        const score = p.type === 'user-defined' ? f32(length * this.maxScore) - 0.1 : p.score;
        lattice.insert(start, length, id, score);
        if (length === 1) hasSingle = true;
      });
      if (!hasSingle) lattice.insert(start, 1, this.unkId, this.unkScore);
    }
    return lattice;
  }

  /** Merges each run of consecutive unknown ids into one (SentencePiece `PopulateSentencePieceText`). */
  private mergeUnknown(ids: readonly number[]): number[] {
    const out: number[] = [];
    for (const id of ids) {
      if (id === this.unkId && out[out.length - 1] === this.unkId) continue;
      out.push(id);
    }
    return out;
  }
}

function isLoneSurrogate(c: string): boolean {
  const code = c.charCodeAt(0);
  return c.length === 1 && code >= 0xd800 && code <= 0xdfff;
}

function checkSupported(model: SentencePieceModel): void {
  const t = model.trainerSpec;
  const n = model.normalizerSpec;
  const unsupported = (reason: string, value: unknown) => {
    throw new CtcBiasError('UNSUPPORTED', `sentencepiece: ${reason}`, { value });
  };
  if (t.modelType !== 'unigram') {
    unsupported('only unigram models are supported, this model type is', t.modelType);
  }
  if (n.precompiledCharsmap.length > 0) {
    unsupported(
      'normalizers with a precompiled character map are not supported ' +
        '(train with --normalization_rule_name=identity); normalizer',
      n.name,
    );
  }
  if (t.byteFallback) unsupported('byte_fallback is not supported', true);
  if (t.treatWhitespaceAsSuffix) unsupported('treat_whitespace_as_suffix is not supported', true);
  if (!n.escapeWhitespaces) unsupported('escape_whitespaces=false is not supported', false);
}
