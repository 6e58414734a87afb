import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';

/** Name of the checksum file in a model directory (`sha256sum` output format). */
export const CHECKSUM_FILE = 'SHA256SUMS';

/**
 * Verifies every file listed in `dir/SHA256SUMS` (lines `<64 hex digits>  <name>`, as written by
 * `sha256sum`; a `*` before the name is allowed). Returns the names checked, or `[]` when the
 * directory has no SHA256SUMS. A missing or altered file is a MODEL_ERROR naming it; a malformed
 * line is a PARSE_ERROR naming SHA256SUMS and the line.
 *
 * ```ts
 * await verifyChecksums('assets/default-model'); // ['model.onnx', 'tokens.json', …]
 * ```
 */
export async function verifyChecksums(dir: string): Promise<string[]> {
  const sumsPath = join(dir, CHECKSUM_FILE);
  let text: string;
  try {
    text = await readFile(sumsPath, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CtcBiasError('IO_ERROR', 'cannot read checksum file', { file: sumsPath, cause });
  }
  const checked: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (m === null) {
      throw new CtcBiasError('PARSE_ERROR', 'expected "<sha256>  <file name>"', {
        file: sumsPath,
        line: i + 1,
        value: line,
      });
    }
    const name = m[2] as string;
    const path = join(dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new CtcBiasError('MODEL_ERROR', `listed in ${CHECKSUM_FILE} but cannot be read`, {
        file: path,
        cause,
      });
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== (m[1] as string).toLowerCase()) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        `checksum mismatch (${CHECKSUM_FILE} says ${m[1]}, file has ${actual}): the model file is corrupt or was replaced`,
        { file: path },
      );
    }
    checked.push(name);
  }
  return checked;
}
