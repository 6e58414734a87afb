import { constants, existsSync, statSync } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';

/**
 * An output directory checked *before* any decoding: it exists or could be created, is a
 * writable directory, and none of the files the command will write there exists yet (unless
 * `force`). A command checks every output first, so a bad path costs nothing and loses no
 * transcript.
 *
 * ```ts
 * const out = await prepareOutputDir('posteriors/', ['a.f32', 'b.f32', 'vocab.json'], false);
 * // …decode…
 * await out.write('a.f32', bytes); // posteriors/a.f32, via a temp file and a rename
 * ```
 */
export interface OutputDir {
  readonly dir: string;
  /** Writes `name` in the directory atomically (temp file + rename). */
  write(name: string, data: string | Uint8Array): Promise<void>;
}

/** Checks `dir` and the `names` to be written in it; creates `dir` when missing. */
export async function prepareOutputDir(
  dir: string,
  names: readonly string[],
  force: boolean,
): Promise<OutputDir> {
  const fail = (reason: string, cause?: unknown) =>
    new CtcBiasError(
      'IO_ERROR',
      reason,
      cause === undefined ? { file: dir } : { file: dir, cause },
    );
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw fail('output path exists and is not a directory');
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw fail(`cannot create the output directory (${(e as NodeJS.ErrnoException).code ?? e})`, e);
  }
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    throw fail('output directory is not writable', e);
  }
  if (!force) {
    const existing = names.filter((n) => existsSync(join(dir, n)));
    if (existing.length > 0) {
      throw new CtcBiasError(
        'IO_ERROR',
        `refusing to overwrite ${existing.length} existing file(s) (--force overwrites)`,
        { file: join(dir, existing[0] as string) },
      );
    }
  }
  return { dir, write: (name, data) => writeAtomically(join(dir, name), data) };
}

let tmpCounter = 0;

/** Writes `file` through a temp file beside it and a rename: readers never see half a file. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(file), `.ctcbias-${process.pid}-${tmpCounter++}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new CtcBiasError('IO_ERROR', `cannot write (${(e as NodeJS.ErrnoException).code ?? e})`, {
      file,
      cause: e,
    });
  }
}
