/**
 * Worker-thread entry for batch decoding (see `mapInWorkers`): builds its own pipeline from the
 * serializable spec, then runs {@link runUtterance} for each job it is handed.
 */
import { parentPort } from 'node:worker_threads';
import { isCtcBiasError } from '@ctcbias/core';
import { pipelineCache, runUtterance, type UtteranceJob } from '@ctcbias/pipeline';
import { createPipeline } from '@ctcbias/pipeline/node';
import type { BatchInit } from './batch.js';
import type { FromWorker, ToWorker } from './worker-pool.js';

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');

let ready: Promise<(job: UtteranceJob) => ReturnType<typeof runUtterance>> | undefined;

port.on('message', (m: ToWorker<BatchInit, UtteranceJob>) => {
  if (m.type === 'init') {
    ready = createPipeline({ ...m.init.spec, stages: m.init.stages }).then((base) => {
      const pipelineFor = pipelineCache(base);
      return (job: UtteranceJob) => runUtterance(job, m.init.list, pipelineFor);
    });
    ready.then(
      () => port.postMessage({ type: 'ready' } satisfies FromWorker<never>),
      (e: unknown) => port.postMessage(errorMessage(-1, e)),
    );
    return;
  }
  const run = ready;
  if (run === undefined) {
    port.postMessage(errorMessage(m.index, new Error('job before init')));
    return;
  }
  run
    .then((f) => f(m.job))
    .then(
      (result) => port.postMessage({ type: 'result', index: m.index, result }),
      (e: unknown) => port.postMessage(errorMessage(m.index, e)),
    );
});

function errorMessage(index: number, e: unknown): FromWorker<never> {
  return {
    type: 'error',
    index,
    code: isCtcBiasError(e) ? e.code : undefined,
    message: e instanceof Error ? e.message : String(e),
  };
}
