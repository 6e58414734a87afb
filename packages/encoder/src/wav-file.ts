import { readFile } from 'node:fs/promises';
import { CtcBiasError } from '@ctcbias/core';
import { type DecodedAudio, decodeWav, type ReadWavOptions } from './wav.js';

/** Reads and decodes a WAV file; see {@link decodeWav}. Errors name `path`. */
export async function readWav(path: string, options: ReadWavOptions = {}): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CtcBiasError(missing ? 'NOT_FOUND' : 'IO_ERROR', 'cannot read WAV file', {
      file: path,
      cause,
    });
  }
  return decodeWav(bytes, path, options);
}
