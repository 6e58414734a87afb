import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CtcBiasError, type CtcBiasErrorCode } from '@ctcbias/core';

/** Messages between {@link mapInWorkers} and a worker script. */
export type ToWorker<I, J> =
  | { readonly type: 'init'; readonly init: I }
  | { readonly type: 'job'; readonly index: number; readonly job: J };
export type FromWorker<R> =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly index: number; readonly result: R }
  | {
      readonly type: 'error';
      readonly index: number;
      readonly code: CtcBiasErrorCode | undefined;
      readonly message: string;
    };

/** Default worker count: one per file, at most one per core. */
export function defaultWorkerCount(items: number): number {
  return Math.max(1, Math.min(items, availableParallelism()));
}

/**
 * Starts a worker from a module URL. Under tsx (the module is `.ts`) the worker first registers
 * tsx's loader, since Node does not carry the parent's module hooks into a worker's entry
 * point; the parent's `execArgv` (incl. `--conditions=@ctcbias/source`) is inherited.
 */
export function startWorker(moduleUrl: URL): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl);
  const api = import.meta.resolve('tsx/esm/api');
  const code = [
    `const { register } = await import(${JSON.stringify(api)});`,
    'register();',
    `await import(${JSON.stringify(moduleUrl.href)});`,
  ].join('\n');
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
}

/**
 * Runs `jobs` on `workers` worker threads running `moduleUrl` (which must answer the
 * {@link ToWorker}/{@link FromWorker} protocol, see `worker.ts`), handing out jobs as workers
 * become free. Results come back in job order; `onResult` sees them as they finish. Without
 * `onJobError` the first error stops everything and is rethrown (as a `CtcBiasError` with the
 * worker's code); with it, a job's error is handed to it, that job's result stays `undefined` and
 * the others go on (an error starting a worker still stops everything).
 */
export function mapInWorkers<I, J, R>(
  moduleUrl: URL,
  init: I,
  jobs: readonly J[],
  workers: number,
  onResult: (index: number, result: R) => void = () => {},
  onJobError?: (index: number, error: Error) => void,
): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  if (jobs.length === 0) return Promise.resolve(results);
  return new Promise<R[]>((resolve, reject) => {
    const pool: Worker[] = [];
    let next = 0;
    let finished = 0;
    let failed = false;
    const stop = (err?: unknown) => {
      if (failed) return;
      if (err !== undefined) failed = true;
      for (const w of pool) void w.terminate();
      if (err !== undefined) reject(err);
      else resolve(results);
    };
    const feed = (w: Worker) => {
      if (next >= jobs.length) return;
      const index = next++;
      w.postMessage({ type: 'job', index, job: jobs[index] as J } satisfies ToWorker<I, J>);
    };
    for (let k = 0; k < Math.min(workers, jobs.length); k++) {
      const w = startWorker(moduleUrl);
      pool.push(w);
      w.on('message', (m: FromWorker<R>) => {
        if (failed) return;
        if (m.type === 'ready') feed(w);
        else if (m.type === 'result') {
          results[m.index] = m.result;
          onResult(m.index, m.result);
          finished++;
          if (finished === jobs.length) stop();
          else feed(w);
        } else {
          const err =
            m.code !== undefined
              ? new CtcBiasError(m.code, m.message)
              : new Error(`worker failed on job ${m.index}: ${m.message}`);
          if (onJobError === undefined || m.index < 0) {
            stop(err);
            return;
          }
          onJobError(m.index, err);
          finished++;
          if (finished === jobs.length) stop();
          else feed(w);
        }
      });
      w.on('error', (e) => stop(e));
      w.on('exit', (code) => {
        if (code !== 0 && !failed && finished < jobs.length) {
          stop(new Error(`worker exited with code ${code}`));
        }
      });
      w.postMessage({ type: 'init', init } satisfies ToWorker<I, J>);
    }
  });
}
