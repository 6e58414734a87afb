import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';
import type * as OrtCommon from 'onnxruntime-common';
import { type BackendChoice, resolveBackend, type SessionOptions } from './backend.js';
import { verifyChecksums } from './checksums.js';
import { type ModelConfig, type ModelConfigInput, parseModelConfig } from './config.js';
import { Encoder } from './encoder.js';
import { parseTokens } from './tokens.js';

/** File name of the model config inside a model directory. */
export const MODEL_CONFIG_FILE = 'model.json';

export interface LoadModelOptions {
  /** onnxruntime implementation. Default `'node'`. */
  readonly backend?: BackendChoice;
  /** Extra onnxruntime session options (threads, graph optimisation, …). */
  readonly sessionOptions?: SessionOptions;
  /** Directory that relative paths of an in-memory config resolve against. Default: the working directory. */
  readonly baseDir?: string;
  /** Check files against the directory's SHA256SUMS when there is one. Default true. */
  readonly verifyChecksums?: boolean;
}

/**
 * Loads a CTC model from a directory holding `model.json` (plus the files it names), from the path
 * of a config JSON file, or from an in-memory {@link ModelConfigInput}.
 *
 * ```ts
 * const enc = await loadModel('models/my-ctc');                       // models/my-ctc/model.json
 * const web = await loadModel('models/my-ctc', { backend: 'web' });   // onnxruntime-web (WASM)
 * const nemo = await loadModel({
 *   onnx: 'model.onnx', tokens: 'tokens.txt',
 *   features: { preemphasis: 0.97, melScale: 'slaney', melNorm: 'slaney', window: 'hann-symmetric',
 *               center: true, logOffset: 2 ** -24, normalize: 'per-feature' },
 *   input: { name: 'audio_signal', layout: 'BFT', lengthName: 'length' },
 *   subsampling: 8, outputs: { logprobs: 'logprobs' },
 * }, { baseDir: 'models/nemo' });
 * ```
 *
 * Fails with a CtcBiasError naming the file: NOT_FOUND (missing directory / config / model),
 * PARSE_ERROR (bad JSON or tokens file), MODEL_ERROR (invalid config, checksum mismatch, ONNX
 * that cannot be loaded, input/output names absent from the graph, vocabulary or phone-list size
 * different from the output's).
 */
export async function loadModel(
  source: string | ModelConfigInput,
  options: LoadModelOptions = {},
): Promise<Encoder> {
  let config: ModelConfig;
  let baseDir: string;
  let configFile: string | undefined;
  if (typeof source === 'string') {
    configFile = await configPath(source);
    config = parseModelConfig(await readJson(configFile), configFile);
    baseDir = dirname(configFile);
  } else {
    baseDir = resolve(options.baseDir ?? '.');
    config = parseModelConfig(source, join(baseDir, '<in-memory model config>'));
  }
  if (options.verifyChecksums !== false) await verifyChecksums(baseDir);

  const tokensPath = resolve(baseDir, config.tokens);
  const vocabulary = parseTokens(
    await readText(tokensPath, 'tokens file'),
    tokensPath,
    config.blank,
  );
  const onnxPath = resolve(baseDir, config.onnx);
  const bytes = await readBytes(onnxPath);
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

async function configPath(source: string): Promise<string> {
  const path = resolve(source);
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (cause) {
    throw new CtcBiasError('NOT_FOUND', 'model directory or config file not found', {
      file: path,
      cause,
    });
  }
  if (!isDir) return path;
  const file = join(path, MODEL_CONFIG_FILE);
  try {
    await stat(file);
  } catch (cause) {
    throw new CtcBiasError('MODEL_ERROR', `model directory has no ${MODEL_CONFIG_FILE}`, {
      file: path,
      cause,
    });
  }
  return file;
}

async function readText(path: string, what: string): Promise<string> {
  return (await readBytes(path, what)).toString('utf8');
}

async function readBytes(path: string, what = 'model file'): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CtcBiasError(missing ? 'NOT_FOUND' : 'IO_ERROR', `cannot read ${what}`, {
      file: path,
      cause,
    });
  }
}

async function readJson(path: string): Promise<unknown> {
  const text = await readText(path, 'model config');
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CtcBiasError('PARSE_ERROR', `invalid JSON (${(cause as Error).message})`, {
      file: path,
      cause,
    });
  }
}
