import {
  type BiasingList,
  CtcBiasError,
  createPosteriors,
  type EncoderOutput,
  type EncoderOutputTransform,
  listFingerprint,
} from '@ctcbias/core';
import type { InferenceSession } from 'onnxruntime-common';
import { type AdapterModel, BIASER_IO, ENTRY_ENCODER_IO } from './adapter-model.js';
import { type AdaptedEncoderOutput, type AttentionMatrix, NO_BIAS_LABEL } from './attention.js';
import { type EntryRows, type EntryTokenizations, entryRows } from './entry-rows.js';
import { LruCache } from './lru-cache.js';
import { float32Output, runSession } from './onnx-session.js';

/** Options of {@link ContextualAdapter}. */
export interface ContextualAdapterOptions {
  /** How many embedded lists to keep (least recently used evicted first; a list holds
   * rows × entryDim floats, 5 MB for 10k entries of the default adapter). Default 8. */
  readonly cacheSize?: number;
  /** Which tokenizations become attention rows; see {@link EntryTokenizations}. Default `'first'`. */
  readonly tokenizations?: EntryTokenizations;
  /** Rows per entry-encoder run (rows are sorted by length so a batch pads little). Default 256. */
  readonly entryBatchSize?: number;
}

/**
 * A biasing list run through the entry encoder: one vector per attention row.
 *
 * ```ts
 * // list ['kate', 'ibuprofen'], tokenizations 'first', entryDim 128
 * {
 *   vectors,               // Float32Array(2 * 128): row 0 = 'kate', row 1 = 'ibuprofen'
 *   rows: 2, dim: 128,
 *   rowEntry: Int32Array [0, 1],           // row r belongs to list.entries[rowEntry[r]]
 *   labels: ['<no-bias>', 'kate', 'ibuprofen'],   // attention column labels
 * }
 * ```
 */
export interface ListEmbedding {
  /** `rows × dim`, row-major. */
  readonly vectors: Float32Array;
  readonly rows: number;
  readonly dim: number;
  readonly rowEntry: Int32Array;
  /** Attention column labels: `<no-bias>`, then each entry's text. */
  readonly labels: readonly string[];
}

const DEFAULT_CACHE_SIZE = 8;
const DEFAULT_ENTRY_BATCH = 256;

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new CtcBiasError('INVALID_ARGUMENT', `${name} must be a positive integer`, { value: v });
  }
  return v;
}

/**
 * The contextual adapter as an encoder-output transform (stage `adapter`): it embeds a biasing
 * list once with the entry encoder (cached by `listFingerprint`, LRU), then per utterance runs the
 * biaser on the encoder's hidden states and returns biased subword posteriors plus the attention.
 *
 * ```ts
 * const adapter = await loadDefaultAdapter();                 // from '@ctcbias/adapter/node'
 * const list = createBiasingList([{ text: 'utzinger', tokenizations: [tokenizer.encode('utzinger')] }]);
 * const biased = await adapter.transform(encoded, list);      // encoded.hidden has mid and last
 * biased.subword;                        // biased log-posteriors, same shape as encoded.subword
 * getAdapterAttention(biased);           // frames × (1 + entries), column 0 = <no-bias>
 * ```
 *
 * - Empty list: the output is returned as is (same object, no attention, no ONNX run). The adapter
 *   is also a near no-op when attention rests on `<no-bias>`, whose value vector is zero.
 * - Every entry needs a tokenization (`BiasingEntry.tokenizations[0]`, truncated to the config's
 *   `maxEntryTokens`); `BiasingEntry.weight` is not used (the adapter was trained without weights).
 * - The output keeps `phone` and `hidden` of the input: the adapter changes subword posteriors only.
 */
export class ContextualAdapter implements EncoderOutputTransform {
  readonly name = 'adapter';
  readonly model: AdapterModel;
  readonly tokenizations: EntryTokenizations;
  readonly entryBatchSize: number;
  readonly #cache: LruCache<string, Promise<ListEmbedding>>;
  readonly #fingerprints = new WeakMap<BiasingList, string>();

  constructor(model: AdapterModel, options: ContextualAdapterOptions = {}) {
    this.model = model;
    this.tokenizations = options.tokenizations ?? 'first';
    if (this.tokenizations !== 'first' && this.tokenizations !== 'all') {
      throw new CtcBiasError('INVALID_ARGUMENT', "tokenizations must be 'first' or 'all'", {
        value: this.tokenizations,
      });
    }
    this.entryBatchSize = positiveInt(
      'entryBatchSize',
      options.entryBatchSize ?? DEFAULT_ENTRY_BATCH,
    );
    this.#cache = new LruCache(positiveInt('cacheSize', options.cacheSize ?? DEFAULT_CACHE_SIZE));
  }

  /**
   * Biases `output.subword` toward `list`. Returns `output` itself for an empty list, otherwise an
   * {@link AdaptedEncoderOutput} (read its attention with `getAdapterAttention`).
   *
   * Throws INVALID_ARGUMENT when the output lacks a hidden state named in the config (`mid`,
   * `last`) or its frame count differs from the posteriors', or an entry has no tokenization;
   * MODEL_ERROR when a graph fails or the biaser's vocabulary differs from the posteriors'.
   */
  async transform(output: EncoderOutput, list: BiasingList): Promise<EncoderOutput> {
    if (list.entries.length === 0) return output;
    const { subword } = output;
    const frames = subword.frames;
    const hiddenFeeds = this.#hiddenFeeds(output, frames);
    const emb = await this.#embed(list, subword.vocabSize);
    const { Tensor, biaser, config } = this.model;
    const what = `biaser ${config.biaser}`;
    const results = await runSession(biaser, what, {
      ...hiddenFeeds,
      [BIASER_IO.entries]: new Tensor('float32', emb.vectors, [emb.rows, emb.dim]),
    });
    const logprobs = float32Output(results, what, BIASER_IO.logprobs, [1, frames, null]);
    if (logprobs.dims[2] !== subword.vocabSize) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        `${what} scores ${logprobs.dims[2]} subwords but the encoder output has ` +
          `${subword.vocabSize}: the adapter belongs to another base model`,
      );
    }
    const attention = float32Output(results, what, BIASER_IO.attention, [1, frames, emb.rows + 1]);
    const adapterAttention: AttentionMatrix = {
      weights: attentionPerEntry(attention.data, frames, emb),
      frames,
      columns: emb.labels.length,
      labels: emb.labels,
      frameShiftSec: subword.frameShiftSec,
    };
    const adapted: AdaptedEncoderOutput = {
      ...output,
      subword: createPosteriors(logprobs.data, frames, subword.vocabSize, subword.frameShiftSec),
      adapterAttention,
    };
    return adapted;
  }

  /**
   * The list's entry vectors — from the cache, or by running the entry encoder (concurrent calls
   * for an equal list share one run). Useful to embed a list ahead of the first utterance.
   */
  embedList(list: BiasingList): Promise<ListEmbedding> {
    return this.#embed(list, undefined);
  }

  /** Forgets every embedded list. */
  clearCache(): void {
    this.#cache.clear();
  }

  /** Number of lists currently cached. */
  get cachedLists(): number {
    return this.#cache.size;
  }

  /** Releases both ONNX sessions; the adapter is unusable afterwards. */
  async release(): Promise<void> {
    this.#cache.clear();
    await this.model.entryEncoder.release?.();
    await this.model.biaser.release?.();
  }

  #fingerprint(list: BiasingList): string {
    let key = this.#fingerprints.get(list);
    if (key === undefined) {
      key = listFingerprint(list);
      this.#fingerprints.set(list, key);
    }
    return key;
  }

  #embed(list: BiasingList, vocabSize: number | undefined): Promise<ListEmbedding> {
    const key = this.#fingerprint(list);
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const rows = entryRows(list, this.model.config.maxEntryTokens, this.tokenizations, vocabSize);
    const labels = [NO_BIAS_LABEL, ...list.entries.map((e) => e.text)];
    const pending = this.#encodeRows(rows).then(
      (vectors): ListEmbedding => ({
        vectors,
        rows: rows.tokens.length,
        dim: this.model.config.entryDim,
        rowEntry: rows.rowEntry,
        labels,
      }),
    );
    this.#cache.set(key, pending);
    pending.catch(() => {
      if (this.#cache.get(key) === pending) this.#cache.delete(key);
    });
    return pending;
  }

  async #encodeRows(rows: EntryRows): Promise<Float32Array> {
    const { Tensor, entryEncoder, config } = this.model;
    const what = `entry encoder ${config.entryEncoder}`;
    const dim = config.entryDim;
    const n = rows.tokens.length;
    const seqs = rows.tokens;
    const lengthOf = (r: number) => (seqs[r] as readonly number[]).length;
    // Sorted by length, each batch pads only to its own longest row.
    const order = Array.from({ length: n }, (_, r) => r).sort(
      (a, b) => lengthOf(a) - lengthOf(b) || a - b,
    );
    const vectors = new Float32Array(n * dim);
    for (let start = 0; start < n; start += this.entryBatchSize) {
      const batch = order.slice(start, start + this.entryBatchSize);
      const width = lengthOf(batch[batch.length - 1] as number);
      const tokens = new BigInt64Array(batch.length * width);
      const lengths = new BigInt64Array(batch.length);
      batch.forEach((r, k) => {
        const seq = seqs[r] as readonly number[];
        for (let j = 0; j < seq.length; j++) tokens[k * width + j] = BigInt(seq[j] as number);
        lengths[k] = BigInt(seq.length);
      });
      const results = await runSession(entryEncoder, what, {
        [ENTRY_ENCODER_IO.tokens]: new Tensor('int64', tokens, [batch.length, width]),
        [ENTRY_ENCODER_IO.lengths]: new Tensor('int64', lengths, [batch.length]),
      });
      const { data } = float32Output(results, what, ENTRY_ENCODER_IO.entries, [batch.length, dim]);
      batch.forEach((r, k) => {
        vectors.set(data.subarray(k * dim, (k + 1) * dim), r * dim);
      });
    }
    return vectors;
  }

  #hiddenFeeds(output: EncoderOutput, frames: number): InferenceSession.FeedsType {
    const feeds: Record<string, InferenceSession.FeedsType[string]> = {};
    const wanted = Object.keys(this.model.config.hidden);
    for (const [key, input] of Object.entries(this.model.config.hidden)) {
      const h = output.hidden?.[key];
      if (h === undefined) {
        throw new CtcBiasError(
          'INVALID_ARGUMENT',
          `encoder output has no hidden state "${key}"; the adapter needs hidden states ` +
            `${wanted.join(' and ')} (use an encoder model that exports them)`,
        );
      }
      if (h.frames !== frames || h.data.length !== h.frames * h.dim) {
        throw new CtcBiasError(
          'INVALID_ARGUMENT',
          `hidden state "${key}" must be ${frames} frames × dim like the posteriors, ` +
            `got ${h.frames} frames × ${h.dim} with ${h.data.length} values`,
        );
      }
      feeds[input] = new this.model.Tensor('float32', h.data, [1, frames, h.dim]);
    }
    return feeds;
  }
}

/** Sums the biaser's per-row attention into per-entry columns (identity when rows = entries). */
function attentionPerEntry(
  rowAttention: Float32Array,
  frames: number,
  emb: ListEmbedding,
): Float32Array {
  const columns = emb.labels.length;
  if (emb.rows + 1 === columns) return rowAttention;
  const inCols = emb.rows + 1;
  const out = new Float32Array(frames * columns);
  for (let t = 0; t < frames; t++) {
    const src = t * inCols;
    const dst = t * columns;
    out[dst] = rowAttention[src] as number;
    for (let r = 0; r < emb.rows; r++) {
      const c = dst + 1 + (emb.rowEntry[r] as number);
      out[c] = (out[c] as number) + (rowAttention[src + 1 + r] as number);
    }
  }
  return out;
}
