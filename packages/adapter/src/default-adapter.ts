import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CtcBiasError } from '@ctcbias/core';
import type { ContextualAdapter } from './contextual-adapter.js';
import { ADAPTER_CONFIG_FILE, type LoadAdapterOptions, loadAdapter } from './load.js';

/**
 * Directory of the adapter embedded in this package (`packages/adapter/assets/default-adapter`:
 * `adapter.json`, `entry_encoder.onnx`, `biaser.onnx`, written by
 * `recipes/adapter/train_adapter.py` for the encoder's default model), resolved from this module's
 * location so it works from `src/` (tests, tsx) and from `dist/` (published).
 */
export const DEFAULT_ADAPTER_DIR: string = fileURLToPath(
  new URL('../assets/default-adapter/', import.meta.url),
).replace(/[\\/]$/, '');

/**
 * Loads the embedded default adapter. Throws MODEL_ERROR when this build does not embed it yet.
 *
 * ```ts
 * const adapter = await loadDefaultAdapter();
 * const biased = await adapter.transform(await encoder.encode('call.wav'), list);
 * ```
 */
export async function loadDefaultAdapter(
  options: LoadAdapterOptions = {},
): Promise<ContextualAdapter> {
  if (!existsSync(join(DEFAULT_ADAPTER_DIR, ADAPTER_CONFIG_FILE))) {
    throw new CtcBiasError(
      'MODEL_ERROR',
      `the default contextual adapter is not embedded in this build (no ${ADAPTER_CONFIG_FILE}): ` +
        'train it with recipes/adapter/train_adapter.py, or load another one with loadAdapter(dir)',
      { file: DEFAULT_ADAPTER_DIR },
    );
  }
  return loadAdapter(DEFAULT_ADAPTER_DIR, options);
}
