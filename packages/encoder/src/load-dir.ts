import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';
import { fileBytes } from '@ctcbias/core/node';
import type { BackendChoice, SessionOptions } from './backend.js';
import { verifyChecksums } from './checksums.js';
import type { ModelConfigInput } from './config.js';
import type { Encoder } from './encoder.js';
import { loadModelFrom, MODEL_CONFIG_FILE } from './load.js';
import { readWav } from './wav-file.js';

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
 * of a config JSON file, or from an in-memory {@link ModelConfigInput} (Node; in a browser use
 * `loadModelFrom(fetchBytes(url))` from the main entry).
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
  let baseDir: string;
  let config: ModelConfigInput | undefined;
  let configName = MODEL_CONFIG_FILE;
  if (typeof source === 'string') {
    const file = await configPath(source);
    baseDir = dirname(file);
    configName = file.slice(baseDir.length + 1);
  } else {
    baseDir = resolve(options.baseDir ?? '.');
    config = source;
  }
  if (options.verifyChecksums !== false) await verifyChecksums(baseDir);
  const read = fileBytes(baseDir);
  return loadModelFrom((path) => read(path === MODEL_CONFIG_FILE ? configName : path), {
    locate: (path) => resolve(baseDir, path === MODEL_CONFIG_FILE ? configName : path),
    ...(config !== undefined ? { config } : {}),
    ...(options.backend !== undefined ? { backend: options.backend } : {}),
    ...(options.sessionOptions !== undefined ? { sessionOptions: options.sessionOptions } : {}),
    readAudio: async (path, sampleRate) => (await readWav(path, { sampleRate })).samples,
  });
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
