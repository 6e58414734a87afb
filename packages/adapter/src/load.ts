import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';
import { verifyChecksums } from '@ctcbias/encoder/node';
import { type AdapterConfig, parseAdapterConfig } from './adapter-config.js';
import {
  type AdapterModel,
  type AdapterModelOptions,
  createAdapterModel,
} from './adapter-model.js';
import { ContextualAdapter, type ContextualAdapterOptions } from './contextual-adapter.js';

/** File name of the adapter config inside an adapter directory. */
export const ADAPTER_CONFIG_FILE = 'adapter.json';

/** Options of {@link loadAdapterModel}. */
export interface LoadAdapterModelOptions extends AdapterModelOptions {
  /** Check the files against the directory's `SHA256SUMS` when there is one. Default true. */
  readonly verifyChecksums?: boolean;
}

/** Options of {@link loadAdapter} and `loadDefaultAdapter`. */
export type LoadAdapterOptions = LoadAdapterModelOptions & ContextualAdapterOptions;

function isMissing(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'ENOENT';
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (cause) {
    const reason = isMissing(cause) ? 'adapter file not found' : 'cannot read adapter file';
    throw new CtcBiasError('MODEL_ERROR', reason, { file, cause });
  }
}

async function readConfig(dir: string): Promise<AdapterConfig> {
  const file = join(dir, ADAPTER_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const reason = isMissing(cause)
      ? `no adapter here: ${ADAPTER_CONFIG_FILE} not found`
      : `cannot read ${ADAPTER_CONFIG_FILE}`;
    throw new CtcBiasError('MODEL_ERROR', reason, { file, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CtcBiasError('PARSE_ERROR', `${ADAPTER_CONFIG_FILE} is not valid JSON`, {
      file,
      cause,
    });
  }
  return parseAdapterConfig(json, file);
}

/**
 * Loads an adapter directory (`adapter.json` and the two graphs it names) into sessions of the
 * chosen backend, after checking the files listed in its `SHA256SUMS` (if any). Throws MODEL_ERROR
 * naming the file when one is missing, altered or does not load, PARSE_ERROR for a bad
 * `adapter.json`.
 */
export async function loadAdapterModel(
  dir: string,
  options: LoadAdapterModelOptions = {},
): Promise<AdapterModel> {
  if (options.verifyChecksums !== false) await verifyChecksums(dir);
  const config = await readConfig(dir);
  const [entryEncoder, biaser] = await Promise.all([
    readBytes(join(dir, config.entryEncoder)),
    readBytes(join(dir, config.biaser)),
  ]);
  return createAdapterModel({ config, entryEncoder, biaser }, options);
}

/**
 * Loads an adapter directory as a ready {@link ContextualAdapter}.
 *
 * ```ts
 * const adapter = await loadAdapter('models/my-adapter', { cacheSize: 4 });
 * const webAdapter = await loadAdapter('models/my-adapter', { backend: 'web' });
 * ```
 */
export async function loadAdapter(
  dir: string,
  options: LoadAdapterOptions = {},
): Promise<ContextualAdapter> {
  return new ContextualAdapter(await loadAdapterModel(dir, options), options);
}
