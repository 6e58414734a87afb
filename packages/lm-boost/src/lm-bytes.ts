import { CtcBiasError, isCtcBiasError } from '@ctcbias/core';
import { ArpaParser } from './arpa-reader.js';
import { readLmBinary } from './binary-format.js';
import type { NgramLm } from './ngram-lm.js';

/**
 * Reads an LM from the bytes of its file, by the file's name: `.arpa` (text), `.arpa.gz`
 * (gzipped text, decompressed as a stream) or anything else as the binary format
 * ({@link readLmBinary}). Browser-safe (`DecompressionStream`, `TextDecoder`); ARPA text is parsed
 * line by line, never held as one string.
 *
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('/lm/small.arpa.gz')).arrayBuffer());
 * const lm = await readLm(bytes, 'small.arpa.gz');
 * ```
 */
export async function readLm(bytes: Uint8Array, file: string): Promise<NgramLm> {
  const name = file.toLowerCase();
  if (name.endsWith('.arpa')) return parseArpaChunks(chunksOf(bytes), file);
  if (name.endsWith('.arpa.gz')) {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return parseArpaChunks(stream, file);
  }
  return readLmBinary(bytes, file);
}

/** `bytes` in 1 MiB slices, so one text chunk at a time is decoded. */
async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20));
}

async function parseArpaChunks(
  chunks: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  file: string,
): Promise<NgramLm> {
  const parser = new ArpaParser(file);
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  try {
    for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) parser.line(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  } catch (cause) {
    if (isCtcBiasError(cause)) throw cause;
    throw new CtcBiasError('IO_ERROR', `cannot read ARPA file: ${(cause as Error).message}`, {
      file,
      cause,
    });
  }
  rest += decoder.decode();
  if (rest !== '') parser.line(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  return parser.finish();
}
