import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CtcBiasError } from '@ctcbias/core';
import { readLmBinary, writeLmBinary } from './binary-format.js';
import type { NgramLm } from './ngram-lm.js';

/**
 * Path of the default English LM shipped with the package: a 3-gram built with
 * `buildKneserNey` from the base model's LM text (Brown-corpus sentences and template
 * sentences; the held-out evaluation entities are absent). Rebuild it with
 * `pnpm tsx --conditions=@ctcbias/source recipes/lm/build_default_lm.ts`.
 */
export const DEFAULT_LM_PATH: string = fileURLToPath(
  new URL('../assets/default-lm.bin', import.meta.url),
);

/** Reads a binary LM file (see {@link writeLmBinary}). */
export function readLmBinaryFile(path: string): NgramLm {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new CtcBiasError('IO_ERROR', `cannot read LM binary: ${(cause as Error).message}`, {
      file: path,
      cause,
    });
  }
  return readLmBinary(bytes, path);
}

/** Writes `lm` in the binary format to `path`. */
export function writeLmBinaryFile(path: string, lm: NgramLm): void {
  writeFileSync(path, writeLmBinary(lm));
}

/**
 * Loads the default English LM (about 50 ms).
 *
 * ```ts
 * const lm = loadDefaultLm();
 * lm.score(lm.start(), 'the').logProb; // ln P(the | <s>)
 * ```
 */
export function loadDefaultLm(): NgramLm {
  return readLmBinaryFile(DEFAULT_LM_PATH);
}
