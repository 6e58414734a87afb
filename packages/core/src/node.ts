/**
 * Node.js helpers (file system) for `@ctcbias/core`, kept out of the main entry so that the
 * rest of core stays browser-safe. Import from `@ctcbias/core/node`.
 *
 * ```ts
 * import { loadSentencePieceTokenizer, readBiasingListFile } from '@ctcbias/core/node';
 * const tok = await loadSentencePieceTokenizer('tokenizer.model');
 * const list = await readBiasingListFile('contacts.txt');
 * ```
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BiasingList } from './biasing-list.js';
import { CtcBiasError } from './errors.js';
import { parseBiasingList } from './list-format.js';
import type { ReadBytes } from './read-bytes.js';
import { SentencePieceTokenizer, type SentencePieceTokenizerOptions } from './sentencepiece.js';

/** Reads a whole file; NOT_FOUND for a missing file, IO_ERROR otherwise, both naming it. */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') {
      throw new CtcBiasError('NOT_FOUND', 'no such file', { file: path, cause: e });
    }
    throw new CtcBiasError('IO_ERROR', `cannot read file (${String(code ?? e)})`, {
      file: path,
      cause: e,
    });
  }
}

/**
 * A {@link ReadBytes} over the file system: paths resolve against `dir`.
 *
 * ```ts
 * const encoder = await loadModelFrom(fileBytes('models/my-ctc'), { where: 'models/my-ctc' });
 * ```
 */
export function fileBytes(dir: string): ReadBytes {
  return (path) => readFileBytes(resolve(dir, path));
}

/** Loads a SentencePiece `.model` file into a {@link SentencePieceTokenizer}. */
export async function loadSentencePieceTokenizer(
  path: string,
  options: SentencePieceTokenizerOptions = {},
): Promise<SentencePieceTokenizer> {
  return SentencePieceTokenizer.fromBytes(await readFileBytes(path), { ...options, file: path });
}

/**
 * Reads a UTF-8 biasing-list file (format: `parseBiasingListLines`) into a normalized
 * {@link BiasingList}. Parse errors name the file and line.
 */
export async function readBiasingListFile(path: string): Promise<BiasingList> {
  const bytes = await readFileBytes(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new CtcBiasError('PARSE_ERROR', 'file is not UTF-8', { file: path, cause: e });
  }
  return parseBiasingList(text, path);
}
