import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BiasingList } from '@ctcbias/core';
import type { JointPipeline, StageSet } from '@ctcbias/pipeline';
import {
  pipelineCache,
  runUtterance,
  type UtteranceJob,
  type UtteranceResult,
} from '@ctcbias/pipeline';
import type { PipelineSpec } from '@ctcbias/pipeline/node';
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

/** A job of a {@link runBatchKeepGoing} batch that failed. */
export interface JobFailure {
  readonly id: string;
  readonly audio: string;
  readonly error: Error;
}

/**
 * Decodes a batch of utterances with a progress bar on `progressStream` (drawn only on a TTY),
 * in this thread or across worker threads. Results are in job order; the first failure stops the
 * batch and is thrown.
 */
export async function runBatch(
  jobs: readonly UtteranceJob[],
  list: BiasingList,
  runner: BatchRunner,
  progressStream: ProgressStream,
): Promise<UtteranceResult[]> {
  return (await run(jobs, list, runner, progressStream, false)) as UtteranceResult[];
}

/**
 * {@link runBatch}, but a job that fails (an unreadable WAV, say) is returned as a
 * {@link JobFailure} in its place and the other jobs go on.
 */
export function runBatchKeepGoing(
  jobs: readonly UtteranceJob[],
  list: BiasingList,
  runner: BatchRunner,
  progressStream: ProgressStream,
): Promise<(UtteranceResult | JobFailure)[]> {
  return run(jobs, list, runner, progressStream, true);
}

async function run(
  jobs: readonly UtteranceJob[],
  list: BiasingList,
  runner: BatchRunner,
  progressStream: ProgressStream,
  keepGoing: boolean,
): Promise<(UtteranceResult | JobFailure)[]> {
  const results = await runJobs(jobs, list, runner, progressStream, keepGoing);
  noteConvertedAudio(results, progressStream);
  warnSkippedEntries(results, progressStream);
  return results;
}

async function runJobs(
  jobs: readonly UtteranceJob[],
  list: BiasingList,
  runner: BatchRunner,
  progressStream: ProgressStream,
  keepGoing: boolean,
): Promise<(UtteranceResult | JobFailure)[]> {
  const progress = createProgress(jobs.length, progressStream);
  const failure = (k: number, e: unknown): JobFailure => {
    const job = jobs[k] as UtteranceJob;
    return { id: job.id, audio: job.audio, error: e instanceof Error ? e : new Error(String(e)) };
  };
  try {
    if (runner.kind === 'workers') {
      const failures = new Map<number, JobFailure>();
      const results = await mapInWorkers<BatchInit, UtteranceJob, UtteranceResult>(
        WORKER_URL,
        runner.init,
        jobs,
        runner.workers,
        (_, r) => progress.tick(r.id),
        keepGoing
          ? (k, e) => {
              failures.set(k, failure(k, e));
              progress.tick(jobs[k]?.id ?? '');
            }
          : undefined,
      );
      return jobs.map((_, k) => failures.get(k) ?? (results[k] as UtteranceResult));
    }
    const pipelineFor = pipelineCache(runner.pipeline);
    const results: (UtteranceResult | JobFailure)[] = [];
    for (const [k, job] of jobs.entries()) {
      try {
        results.push(await runUtterance(job, list, pipelineFor));
      } catch (e) {
        if (!keepGoing) throw e;
        results.push(failure(k, e));
      }
      progress.tick(job.id);
    }
    return results;
  } finally {
    progress.done();
  }
}

/**
 * Says, in one line on stderr, which files were resampled or downmixed to the model's input
 * (16 kHz mono for the default model): rate and channels of the first few.
 *
 * ```text
 * ctcbias: note: 2 files converted to 16000 Hz mono: a.wav (44100 Hz, 2 channels), b.wav (8000 Hz)
 * ```
 */
function noteConvertedAudio(
  results: readonly (UtteranceResult | JobFailure)[],
  stderr: ProgressStream,
): void {
  const converted: string[] = [];
  let rate = 0;
  for (const r of results) {
    if (!('outputs' in r) || r.source === undefined) continue;
    const { sampleRate, channels } = r.source;
    if (sampleRate === r.sampleRate && channels === 1) continue;
    rate = r.sampleRate;
    const parts = [
      sampleRate === r.sampleRate ? '' : `${sampleRate} Hz`,
      channels > 1 ? `${channels} channels` : '',
    ];
    converted.push(`${basename(r.audio)} (${parts.filter((p) => p).join(', ')})`);
  }
  if (converted.length === 0) return;
  const shown = converted.slice(0, 5).join(', ') + (converted.length > 5 ? ', …' : '');
  stderr.write(
    `ctcbias: note: ${converted.length} ${converted.length === 1 ? 'file' : 'files'} converted to ${rate} Hz mono: ${shown}\n`,
  );
}

/**
 * Says once (after the progress bar), on stderr, which list entries the model could not spell and so left out (the same
 * for every utterance; taken from the first result that has any).
 */
function warnSkippedEntries(
  results: readonly (UtteranceResult | JobFailure)[],
  stderr: ProgressStream,
): void {
  for (const r of results) {
    const skipped = 'outputs' in r ? r.outputs.find((o) => o.skippedEntries.length > 0) : undefined;
    if (skipped === undefined) continue;
    const names = skipped.skippedEntries;
    const shown = names.slice(0, 5).map((n) => JSON.stringify(n));
    stderr.write(
      `ctcbias: warning: ${names.length} list ${names.length === 1 ? 'entry' : 'entries'} cannot be spelled by the model's tokenizer and ${names.length === 1 ? 'was' : 'were'} left out: ${shown.join(', ')}${names.length > 5 ? ', …' : ''}\n`,
    );
    return;
  }
}
