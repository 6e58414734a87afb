import { fileURLToPath } from 'node:url';
import type { BiasingList } from '@ctcbias/core';
import type { JointPipeline } from '../pipeline/joint-pipeline.js';
import type { PipelineSpec } from '../pipeline/load.js';
import type { StageSet } from '../pipeline/stage-set.js';
import {
  pipelineCache,
  runUtterance,
  type UtteranceJob,
  type UtteranceResult,
} from '../pipeline/utterance.js';
import { createProgress, type ProgressStream } from './progress.js';
import { mapInWorkers } from './worker-pool.js';

/** What every worker needs to build its pipeline (all structured-cloneable). */
export interface BatchInit {
  readonly spec: PipelineSpec;
  /** Stages the workers' base pipeline is built with (the union of the jobs' configs). */
  readonly stages: StageSet;
  readonly list: BiasingList;
}

/** How to run a batch: in this thread with a pipeline, or on worker threads. */
export type BatchRunner =
  | { readonly kind: 'local'; readonly pipeline: JointPipeline }
  | { readonly kind: 'workers'; readonly workers: number; readonly init: BatchInit };

const WORKER_URL = new URL(
  `./worker.${fileURLToPath(import.meta.url).endsWith('.ts') ? 'ts' : 'js'}`,
  import.meta.url,
);

/**
 * Decodes a batch of utterances with a progress bar on `progressStream` (drawn only on a TTY),
 * in this thread or across worker threads. Results are in job order.
 */
export async function runBatch(
  jobs: readonly UtteranceJob[],
  list: BiasingList,
  runner: BatchRunner,
  progressStream: ProgressStream,
): Promise<UtteranceResult[]> {
  const progress = createProgress(jobs.length, progressStream);
  try {
    if (runner.kind === 'workers') {
      return await mapInWorkers<BatchInit, UtteranceJob, UtteranceResult>(
        WORKER_URL,
        runner.init,
        jobs,
        runner.workers,
        (_, r) => progress.tick(r.id),
      );
    }
    const pipelineFor = pipelineCache(runner.pipeline);
    const results: UtteranceResult[] = [];
    for (const job of jobs) {
      results.push(await runUtterance(job, list, pipelineFor));
      progress.tick(job.id);
    }
    return results;
  } finally {
    progress.done();
  }
}
