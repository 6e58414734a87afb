import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CtcBiasError } from '@ctcbias/core';
import type { Encoder } from './encoder.js';
import { type LoadModelOptions, loadModel } from './load-dir.js';

/**
 * Directory of the embedded default model (`packages/encoder/assets/default-model`), resolved
 * from this module's location so it works from `src/` (tests, tsx) and from `dist/` (published).
 * It holds `model.json`, `model.onnx`, `tokens.json`, `tokenizer.model` and `SHA256SUMS`, written
 * by `recipes/base-model/export.py`.
 */
export const DEFAULT_MODEL_DIR: string = fileURLToPath(
  new URL('../assets/default-model/', import.meta.url),
).replace(/[\\/]$/, '');

/**
 * Loads the embedded default English model (checksums verified). Throws MODEL_ERROR when this
 * build does not embed it (no `model.onnx` in {@link DEFAULT_MODEL_DIR}).
 *
 * ```ts
 * const enc = await loadDefaultModel();
 * const out = await enc.encode('hello.wav');
 * ```
 */
export async function loadDefaultModel(options: LoadModelOptions = {}): Promise<Encoder> {
  return loadModelDir(DEFAULT_MODEL_DIR, options);
}

/** {@link loadModel} on a directory, with a clear error when the directory has no model.onnx. */
export async function loadModelDir(dir: string, options: LoadModelOptions = {}): Promise<Encoder> {
  if (!existsSync(join(dir, 'model.onnx'))) {
    throw new CtcBiasError(
      'MODEL_ERROR',
      'the default model is not embedded in this build (no model.onnx): export it with recipes/base-model/export.py, or load another model with loadModel(dir)',
      { file: dir },
    );
  }
  return loadModel(dir, options);
}
