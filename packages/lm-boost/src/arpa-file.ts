import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CtcBiasError, isCtcBiasError } from '@ctcbias/core';
import { ArpaParser } from './arpa-reader.js';
import type { NgramLm } from './ngram-lm.js';

/**
 * Reads an ARPA file by streaming it line by line (readline over a file stream), so the text
 * is never held in memory as a whole — only the compact model is. Files ending in `.gz` are
 * gunzipped on the fly.
 *
 * ```ts
 * const lm = await readArpaFile('lm.arpa.gz');
 * writeFileSync('lm.bin', writeLmBinary(lm)); // next time: readLmBinaryFile('lm.bin')
 * ```
 */
export async function readArpaFile(path: string): Promise<NgramLm> {
  const parser = new ArpaParser(path);
  let input: Readable = createReadStream(path);
  const ioError = (cause: unknown) =>
    new CtcBiasError('IO_ERROR', `cannot read ARPA file: ${(cause as Error).message}`, {
      file: path,
      cause,
    });
  let failure: unknown;
  input.on('error', (e) => {
    failure = e;
  });
  if (path.endsWith('.gz')) {
    const gunzip = createGunzip();
    gunzip.on('error', (e) => {
      failure = e;
    });
    input = input.pipe(gunzip);
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) parser.line(line);
  } catch (e) {
    if (isCtcBiasError(e)) throw e;
    throw ioError(e);
  } finally {
    lines.close();
  }
  if (failure !== undefined) throw ioError(failure);
  return parser.finish();
}
