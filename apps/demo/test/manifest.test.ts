import { join } from 'node:path';
import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { parseManifest, readManifest } from '../src/eval/manifest.js';

const FILE = '/data/set/dev.jsonl';

describe('parseManifest', () => {
  it('reads lines, resolves audio against the manifest folder, skips blank lines', () => {
    const items = parseManifest(
      [
        '{"id":"u1","audio":"wav/u1.wav","text":"call kate","entities":["kate"]}',
        '',
        '{"id":"u2","audio":"/abs/u2.wav","text":""}',
      ].join('\n'),
      FILE,
    );
    expect(items).toEqual([
      { id: 'u1', audio: '/data/set/wav/u1.wav', text: 'call kate', entities: ['kate'], line: 1 },
      { id: 'u2', audio: '/abs/u2.wav', text: '', line: 3 },
    ]);
  });

  it.each([
    [
      '{"id":"a","audio":"a.wav","text":"x"}\n{"id":"b","audio":"b.wav",',
      /^\/data\/set\/dev.jsonl:2: invalid JSON/,
    ],
    ['[1,2]', /^\/data\/set\/dev.jsonl:1: manifest line must be a JSON object/],
    ['{"audio":"a.wav","text":"x"}', /:1: manifest line needs a non-empty string "id" null$/],
    ['{"id":"a","audio":"","text":"x"}', /:1: manifest line needs a non-empty string "audio" ""$/],
    ['{"id":"a","audio":"a.wav","text":3}', /:1: manifest line needs a string "text" 3$/],
    [
      '\n\n{"id":"a","audio":"a.wav","text":"x","entities":"kate"}',
      /:3: "entities" must be an array of strings "kate"$/,
    ],
    [
      '{"id":"a","audio":"a.wav","text":"x"}\n{"id":"a","audio":"b.wav","text":"y"}',
      /:2: duplicate id \(first on line 1\) "a"$/,
    ],
    ['\n  \n', /^\/data\/set\/dev.jsonl: manifest has no utterances$/],
  ])('names file and line: %j', (content, message) => {
    let error: unknown;
    try {
      parseManifest(content, FILE);
    } catch (e) {
      error = e;
    }
    expect(isCtcBiasError(error, 'PARSE_ERROR')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('reports a missing manifest file as NOT_FOUND', async () => {
    const missing = join(import.meta.dirname, 'fixtures', 'nope.jsonl');
    await expect(readManifest(missing)).rejects.toThrowError(`${missing}: cannot read manifest`);
  });
});
