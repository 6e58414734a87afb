import { isCtcBiasError } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/cli/progress.js';
import { defaultWorkerCount, mapInWorkers } from '../src/cli/worker-pool.js';

const WORKER = new URL('./fixtures/scale-worker.ts', import.meta.url);

// Worker start-up (tsx transpiling in each worker) is slow on a loaded machine: generous timeouts.
describe('mapInWorkers (TypeScript worker started through tsx)', { timeout: 60_000 }, () => {
  it('runs jobs on workers and returns results in job order', async () => {
    const seen: number[] = [];
    const out = await mapInWorkers<number, number, number>(WORKER, 3, [1, 2, 3, 4, 5], 2, (i) =>
      seen.push(i),
    );
    expect(out).toEqual([3, 6, 9, 12, 15]);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('rethrows a worker error with its code', async () => {
    const p = mapInWorkers<number, number, number>(WORKER, 1, [1, -2, 3], 1);
    await expect(p).rejects.toSatisfy((e) => isCtcBiasError(e, 'INVALID_ARGUMENT'));
    await expect(p).rejects.toThrowError('negative job -2');
  });

  it('defaults to one worker per file, at most one per core', () => {
    expect(defaultWorkerCount(1)).toBe(1);
    expect(defaultWorkerCount(0)).toBe(1);
    expect(defaultWorkerCount(10_000)).toBeLessThan(10_000);
  });
});

describe('createProgress', () => {
  it('is silent when the stream is not a terminal', () => {
    let written = '';
    const p = createProgress(3, { isTTY: false, write: (s) => (written += s) });
    p.tick('a');
    p.done();
    expect(written).toBe('');
  });

  it('draws a bar with count, percent and eta on a terminal, and clears it when done', () => {
    let written = '';
    const p = createProgress(4, { isTTY: true, columns: 80, write: (s) => (written += s) });
    p.tick('utt1');
    p.done();
    expect(written).toContain(`[${'█'.repeat(6)}${'·'.repeat(18)}] 1/4  25%  eta `);
    expect(written).toContain('utt1');
  });
});
