import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyToTemp, PLUMBING, tempDir } from '../test/helpers.js';
import { verifyChecksums } from './checksums.js';

describe('verifyChecksums', () => {
  it('checks every listed file; no SHA256SUMS → nothing to check', async () => {
    expect(await verifyChecksums(PLUMBING.local)).toEqual([
      'model.onnx',
      'tokens.json',
      'model.json',
    ]);
    expect(await verifyChecksums(await tempDir())).toEqual([]);
  });

  it('an altered or missing file → MODEL_ERROR naming it', async () => {
    const dir = await copyToTemp(PLUMBING.local);
    await writeFile(join(dir, 'model.json'), '{}');
    await expect(verifyChecksums(dir)).rejects.toMatchObject({
      code: 'MODEL_ERROR',
      file: join(dir, 'model.json'),
    });
    const sums = `${'0'.repeat(64)}  gone.onnx\n`;
    await writeFile(join(dir, 'SHA256SUMS'), sums);
    await expect(verifyChecksums(dir)).rejects.toThrow(/gone\.onnx: listed in SHA256SUMS/);
  });

  it('a malformed line → PARSE_ERROR with file and line', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'SHA256SUMS'), `\nabc  model.onnx\n`);
    await expect(verifyChecksums(dir)).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      file: join(dir, 'SHA256SUMS'),
      line: 2,
    });
  });
});
