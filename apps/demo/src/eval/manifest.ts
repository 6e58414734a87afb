import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';

/**
 * One utterance of an evaluation manifest. `audio` is resolved against the manifest's folder.
 *
 * ```jsonl
 * {"id": "utt1", "audio": "wav/utt1.wav", "text": "call doctor gorovitz", "entities": ["gorovitz"]}
 * ```
 * → `{ id: 'utt1', audio: '/data/set/wav/utt1.wav', text: 'call doctor gorovitz',
 *      entities: ['gorovitz'], line: 1 }`
 */
export interface ManifestItem {
  readonly id: string;
  /** Absolute path of the WAV file. */
  readonly audio: string;
  /** Reference transcript. */
  readonly text: string;
  /** List entities spoken in the utterance, when the manifest says. */
  readonly entities?: readonly string[];
  /** 1-based line in the manifest. */
  readonly line: number;
}

/**
 * Parses a JSON-lines manifest (`{"id","audio","text","entities"?}` per line; blank lines
 * skipped). Throws `CtcBiasError('PARSE_ERROR')` with `file:line` for invalid JSON, a missing
 * or non-string field, `entities` that is not an array of strings, or a repeated id.
 */
export function parseManifest(
  content: string,
  file: string,
  baseDir = dirname(file),
): ManifestItem[] {
  const items: ManifestItem[] = [];
  const seen = new Map<string, number>();
  content
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (e) {
        throw new CtcBiasError('PARSE_ERROR', `invalid JSON (${(e as Error).message})`, {
          file,
          line,
        });
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new CtcBiasError('PARSE_ERROR', 'manifest line must be a JSON object', {
          file,
          line,
          value: raw.trim().slice(0, 80),
        });
      }
      const o = json as Record<string, unknown>;
      for (const key of ['id', 'audio', 'text'] as const) {
        if (typeof o[key] !== 'string' || (key !== 'text' && o[key] === '')) {
          throw new CtcBiasError(
            'PARSE_ERROR',
            `manifest line needs a ${key === 'text' ? '' : 'non-empty '}string "${key}"`,
            { file, line, value: o[key] ?? null },
          );
        }
      }
      const id = o.id as string;
      const previous = seen.get(id);
      if (previous !== undefined) {
        throw new CtcBiasError('PARSE_ERROR', `duplicate id (first on line ${previous})`, {
          file,
          line,
          value: id,
        });
      }
      seen.set(id, line);
      const audio = o.audio as string;
      const item: { -readonly [K in keyof ManifestItem]: ManifestItem[K] } = {
        id,
        audio: isAbsolute(audio) ? audio : resolve(baseDir, audio),
        text: o.text as string,
        line,
      };
      if (o.entities !== undefined) {
        if (!Array.isArray(o.entities) || !o.entities.every((e) => typeof e === 'string')) {
          throw new CtcBiasError('PARSE_ERROR', '"entities" must be an array of strings', {
            file,
            line,
            value: o.entities,
          });
        }
        item.entities = o.entities as string[];
      }
      items.push(item);
    });
  if (items.length === 0) {
    throw new CtcBiasError('PARSE_ERROR', 'manifest has no utterances', { file });
  }
  return items;
}

/** Reads and parses a manifest file; NOT_FOUND naming the file when it is missing. */
export async function readManifest(path: string): Promise<ManifestItem[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new CtcBiasError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR', 'cannot read manifest', {
      file: path,
      cause: e,
    });
  }
  return parseManifest(content, path);
}
