import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultModelEmbedded } from '@ctcbias/pipeline/node';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../src/eval/manifest.js';
import { SAMPLES_LIST, SAMPLES_MANIFEST } from '../src/samples.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ready = defaultModelEmbedded() && existsSync(SAMPLES_MANIFEST) && existsSync(SAMPLES_LIST);

describe('ctcbias CLI end to end (embedded default model)', () => {
  it.skipIf(!ready)(
    'transcribes a shipped sample with boost + lm',
    async () => {
      const [first] = await readManifest(SAMPLES_MANIFEST);
      const { stdout } = await promisify(execFile)(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [
          '--conditions=@ctcbias/source',
          join(ROOT, 'apps/demo/src/cli/bin.ts'),
          'transcribe',
          first?.audio ?? '',
          '--list',
          SAMPLES_LIST,
          '--stages',
          'boost,lm',
          '--json',
        ],
        { cwd: ROOT },
      );
      const [r] = JSON.parse(stdout);
      expect(r.stages).toEqual(['boost', 'lm']);
      expect(typeof r.text).toBe('string');
      expect(r.words.length).toBeGreaterThan(0);
      expect(Object.keys(r.scores)).toEqual(['acoustic', 'boost', 'lm']);
    },
    120_000,
  );
});
