import { join } from 'node:path';
import { defaultModelEmbedded } from '@ctcbias/pipeline/node';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo/run-demo.js';

async function demo(spec = {}) {
  let out = '';
  let err = '';
  const code = await runDemo(
    { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } },
    spec,
  );
  return { code, out, err };
}

describe('pnpm demo', () => {
  it.skipIf(defaultModelEmbedded())(
    'says clearly that the default model is not embedded',
    async () => {
      const r = await demo();
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^demo: the default model is not embedded in this checkout yet/);
      expect(r.out).toBe('');
    },
  );

  it('names a model directory that does not exist', async () => {
    const dir = join(import.meta.dirname, 'fixtures', 'no-model');
    const r = await demo({ modelDir: dir });
    expect(r.code).toBe(1);
    expect(r.err).toBe(`demo: ${dir}: model directory or config file not found\n`);
  });
});
