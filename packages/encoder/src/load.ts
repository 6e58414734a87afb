import { CtcBiasError, isCtcBiasError, type ReadBytes } from '@ctcbias/core';
import type * as OrtCommon from 'onnxruntime-common';
import { type BackendChoice, resolveBackend, type SessionOptions } from './backend.js';
import { type ModelConfig, type ModelConfigInput, parseModelConfig } from './config.js';
import { Encoder, type EncoderParts } from './encoder.js';
import { parseTokens } from './tokens.js';

/** File name of the model config inside a model directory. */
export const MODEL_CONFIG_FILE = 'model.json';

/** Options of {@link loadModelFrom}. */
export interface LoadModelFromOptions {
  /** onnxruntime implementation. Default `'node'`; `'web'` in a browser. */
  readonly backend?: BackendChoice;
  /** Extra onnxruntime session options (threads, graph optimisation, …). */
  readonly sessionOptions?: SessionOptions;
  /** The model config; default: `read('model.json')`. */
  readonly config?: ModelConfigInput;
  /** How a file is named in errors and in `encoder.files` (default: `model/<path>`). */
  readonly locate?: (path: string) => string;
  /** What `encoder.encode(path)` reads audio files with (see `EncoderParts.readAudio`). */
  readonly readAudio?: EncoderParts['readAudio'];
}

/**
 * Loads a CTC model through `read` (a {@link ReadBytes}: a URL prefix with `fetchBytes`, a
 * directory with `fileBytes`, or your own): `model.json` unless `options.config` is given, then
 * the tokens and ONNX files it names. Browser-safe; Node's `loadModel(dir)` in
 * `@ctcbias/encoder/node` adds directory checks and checksums on top.
 *
 * ```ts
 * import { fetchBytes } from '@ctcbias/core';
 * const enc = await loadModelFrom(fetchBytes('/models/default/'), { backend: 'web' });
 * const out = await enc.encode(samples);   // Float32Array at enc.sampleRate
 * ```
 *
 * Fails with a CtcBiasError naming the file: NOT_FOUND / IO_ERROR (what `read` throws), PARSE_ERROR
 * (bad JSON or tokens file), MODEL_ERROR (invalid config, ONNX that cannot be loaded, input/output
 * names absent from the graph, vocabulary or phone-list size different from the output's).
 */
export async function loadModelFrom(
  read: ReadBytes,
  options: LoadModelFromOptions = {},
): Promise<Encoder> {
  const locate = options.locate ?? ((path: string) => `model/${path}`);
  const fetchFile = async (path: string, what: string): Promise<Uint8Array> => {
    try {
      return await read(path);
    } catch (cause) {
      const code = isCtcBiasError(cause) && cause.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'IO_ERROR';
      throw new CtcBiasError(code, `cannot read ${what}`, { file: locate(path), cause });
    }
  };
  const configFile = options.config === undefined ? locate(MODEL_CONFIG_FILE) : undefined;
  const config = parseModelConfig(
    options.config ??
      parseJson(await fetchFile(MODEL_CONFIG_FILE, 'model config'), locate(MODEL_CONFIG_FILE)),
    configFile ?? locate('<in-memory model config>'),
  );
  const tokensPath = locate(config.tokens);
  const vocabulary = parseTokens(
    new TextDecoder().decode(await fetchFile(config.tokens, 'tokens file')),
    tokensPath,
    config.blank,
  );
  const onnxPath = locate(config.onnx);
  const bytes = await fetchFile(config.onnx, 'model file');
  const backend = await resolveBackend(options.backend);
  let session: OrtCommon.InferenceSession;
  try {
    session = await backend.ort.InferenceSession.create(bytes, {
      ...backend.sessionOptions,
      ...options.sessionOptions,
    });
  } catch (cause) {
    throw new CtcBiasError(
      'MODEL_ERROR',
      `onnxruntime (${backend.name}) cannot load the model (${(cause as Error).message})`,
      { file: onnxPath, cause },
    );
  }
  try {
    checkGraph(session, config, vocabulary.size, onnxPath, tokensPath);
  } catch (e) {
    await session.release();
    throw e;
  }
  return new Encoder({
    config,
    vocabulary,
    session,
    ort: backend.ort,
    backend: backend.name,
    files: { onnx: onnxPath, tokens: tokensPath, ...(configFile ? { config: configFile } : {}) },
    ...(options.readAudio !== undefined ? { readAudio: options.readAudio } : {}),
  });
}

/** Input/output names exist; static class counts (when the graph declares them) match. */
function checkGraph(
  session: OrtCommon.InferenceSession,
  config: ModelConfig,
  vocabSize: number,
  onnxPath: string,
  tokensPath: string,
): void {
  const fail = (reason: string): never => {
    throw new CtcBiasError('MODEL_ERROR', reason, { file: onnxPath });
  };
  const inputs = [config.input.name, ...(config.input.lengthName ? [config.input.lengthName] : [])];
  for (const name of inputs) {
    if (!session.inputNames.includes(name)) {
      fail(`the graph has no input "${name}" (inputs: ${session.inputNames.join(', ')})`);
    }
  }
  const outputs = [
    config.outputs.logprobs,
    ...(config.outputs.phoneLogprobs ? [config.outputs.phoneLogprobs] : []),
    ...Object.values(config.outputs.hidden ?? {}),
  ];
  for (const name of outputs) {
    if (!session.outputNames.includes(name)) {
      fail(`the graph has no output "${name}" (outputs: ${session.outputNames.join(', ')})`);
    }
  }
  const classes = (name: string): number | undefined => {
    const meta = session.outputMetadata?.find((m) => m.name === name);
    if (meta === undefined || !meta.isTensor) return undefined;
    const last = meta.shape.at(-1);
    return typeof last === 'number' ? last : undefined;
  };
  const v = classes(config.outputs.logprobs);
  if (v !== undefined && v !== vocabSize) {
    fail(
      `output "${config.outputs.logprobs}" has ${v} classes but the vocabulary (${tokensPath}) has ${vocabSize} tokens`,
    );
  }
  if (config.outputs.phoneLogprobs !== undefined) {
    const p = classes(config.outputs.phoneLogprobs);
    const n = config.phones?.length;
    if (p !== undefined && p !== n) {
      fail(`output "${config.outputs.phoneLogprobs}" has ${p} classes but "phones" lists ${n}`);
    }
  }
}

function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new CtcBiasError('PARSE_ERROR', `invalid JSON (${(cause as Error).message})`, {
      file,
      cause,
    });
  }
}
