import { CtcBiasError } from '@ctcbias/core';
import type { TensorConstructor } from 'onnxruntime-common';
import { type AdapterConfig, parseAdapterConfig } from './adapter-config.js';
import {
  type BackendChoice,
  type OrtModule,
  resolveBackend,
  type SessionOptions,
} from './backend.js';
import { checkSessionNames, type OnnxSession } from './onnx-session.js';

/** Input and output names of the two exported graphs (see `recipes/adapter/train_adapter.py`). */
export const ENTRY_ENCODER_IO = Object.freeze({
  tokens: 'tokens',
  lengths: 'lengths',
  entries: 'entries',
});
export const BIASER_IO = Object.freeze({
  entries: 'entries',
  logprobs: 'logprobs',
  attention: 'attention',
});

/**
 * A loaded contextual adapter: its config and one session per graph.
 *
 * ```ts
 * const bytes = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
 * const model = await createAdapterModel(
 *   {
 *     config: await (await fetch('/adapter/adapter.json')).json(),
 *     entryEncoder: await bytes('/adapter/entry_encoder.onnx'),
 *     biaser: await bytes('/adapter/biaser.onnx'),
 *   },
 *   { backend: 'web' },
 * );
 * const adapter = new ContextualAdapter(model);
 * ```
 *
 * It is a plain object, so a session can be swapped for a wrapper:
 * `{ ...model, entryEncoder: countingWrapper(model.entryEncoder) }`.
 */
export interface AdapterModel {
  readonly config: AdapterConfig;
  /** `tokens` int64 [N, L], `lengths` int64 [N] → `entries` float32 [N, entryDim]. */
  readonly entryEncoder: OnnxSession;
  /** hidden inputs float32 [1, T, D] (names from `config.hidden`), `entries` [N, entryDim] →
   * `logprobs` [1, T, V] (biased log-softmax), `attention` [1, T, N+1] (column 0 = `<no-bias>`). */
  readonly biaser: OnnxSession;
  /** Tensor class of the runtime that created the sessions. */
  readonly Tensor: TensorConstructor;
}

/** The three files of an adapter, already in memory. */
export interface AdapterFiles {
  /** Parsed `adapter.json` (validated here). */
  readonly config: unknown;
  readonly entryEncoder: Uint8Array;
  readonly biaser: Uint8Array;
}

/** Throws MODEL_ERROR unless both sessions have the inputs and outputs the adapter feeds and reads. */
export function checkAdapterModel(model: AdapterModel): void {
  checkSessionNames(
    model.entryEncoder,
    `entry encoder ${model.config.entryEncoder}`,
    [ENTRY_ENCODER_IO.tokens, ENTRY_ENCODER_IO.lengths],
    [ENTRY_ENCODER_IO.entries],
  );
  checkSessionNames(
    model.biaser,
    `biaser ${model.config.biaser}`,
    [...Object.values(model.config.hidden), BIASER_IO.entries],
    [BIASER_IO.logprobs, BIASER_IO.attention],
  );
}

/** Options of {@link createAdapterModel} and the directory loaders. */
export interface AdapterModelOptions {
  /** onnxruntime implementation; default `'node'` (onnxruntime-node). */
  readonly backend?: BackendChoice;
  /** Extra session options (threads, …), merged over the backend's. */
  readonly sessionOptions?: SessionOptions;
}

async function createSession(
  ort: OrtModule,
  bytes: Uint8Array,
  file: string,
  options: SessionOptions,
): Promise<OnnxSession> {
  try {
    return await ort.InferenceSession.create(bytes, options);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CtcBiasError('MODEL_ERROR', `cannot load ONNX graph: ${reason}`, { file, cause });
  }
}

/**
 * Creates the two sessions from in-memory graphs and checks their input/output names. Reads no
 * files (see `loadAdapterModel` in `@ctcbias/adapter/node` for a directory).
 */
export async function createAdapterModel(
  files: AdapterFiles,
  options: AdapterModelOptions = {},
): Promise<AdapterModel> {
  const config = parseAdapterConfig(files.config, 'adapter.json');
  const backend = await resolveBackend(options.backend);
  const sessionOptions = { ...backend.sessionOptions, ...options.sessionOptions };
  const { ort } = backend;
  const entryEncoder = await createSession(
    ort,
    files.entryEncoder,
    config.entryEncoder,
    sessionOptions,
  );
  const biaser = await createSession(ort, files.biaser, config.biaser, sessionOptions);
  const model: AdapterModel = { config, entryEncoder, biaser, Tensor: ort.Tensor };
  checkAdapterModel(model);
  return model;
}
