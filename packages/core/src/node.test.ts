import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSentencePieceTokenizer, readBiasingListFile } from './node.js';

const dir = mkdtempSync(join(tmpdir(), 'ctcbias-core-'));

describe('@ctcbias/core/node', () => {
  it('reads a biasing-list file', async () => {
    const file = join(dir, 'list.txt');
    writeFileSync(file, '# names\nKate Smith :2\nibuprofen\n');
    const list = await readBiasingListFile(file);
    expect(list.entries.map((e) => [e.text, e.weight])).toEqual([
      ['kate smith', 2],
      ['ibuprofen', 1],
    ]);
  });

  it('names the file and line of a parse error', async () => {
    const file = join(dir, 'bad.txt');
    writeFileSync(file, 'ok\nsmith :abc\n');
    await expect(readBiasingListFile(file)).rejects.toThrow(
      expect.objectContaining({
        code: 'PARSE_ERROR',
        message: `${file}:2: bad weight (want a number ≥ 0) ":abc"`,
      }),
    );
  });

  it('reports a missing file as NOT_FOUND and a directory as IO_ERROR', async () => {
    const missing = join(dir, 'missing.txt');
    await expect(readBiasingListFile(missing)).rejects.toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', file: missing }),
    );
    await expect(readBiasingListFile(dir)).rejects.toThrow(
      expect.objectContaining({ code: 'IO_ERROR', file: dir }),
    );
  });

  it('rejects a file that is not UTF-8', async () => {
    const file = join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await expect(readBiasingListFile(file)).rejects.toThrow(
      expect.objectContaining({ code: 'PARSE_ERROR', file }),
    );
  });

  it('loads a SentencePiece model from a path', async () => {
    const path = fileURLToPath(new URL('../test/fixtures/tokenizer.model', import.meta.url));
    const tok = await loadSentencePieceTokenizer(path);
    expect(tok.encode('ÆØ')).toEqual([19, 1]);
    await expect(loadSentencePieceTokenizer(join(dir, 'list.txt'))).rejects.toThrow(
      expect.objectContaining({ code: 'MODEL_ERROR' }),
    );
  });
});
