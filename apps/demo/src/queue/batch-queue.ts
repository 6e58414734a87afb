import { type BiasingList, CtcBiasError, fnv1a64Hex, parseBiasingList } from '@ctcbias/core';
import { type JointPipeline, pipelineCache, runUtterance, type StageSet } from '@ctcbias/pipeline';
import type { CreatePipelineOptions, PipelineSpec } from '@ctcbias/pipeline/node';
import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import { transcriptionJson } from '../cli/format.js';

/** Default BullMQ queue name. */
export const DEFAULT_QUEUE = 'ctcbias';

/** What one queued job carries: the file, and which batch (list, stages, spec) it belongs to. */
export interface TranscribeJobData {
  readonly batch: string;
  /** Position in the manifest (results are collected in this order). */
  readonly index: number;
  readonly id: string;
  /** WAV path, as the workers see it (a shared file system). */
  readonly audio: string;
}

/** What a batch is: stored once in Redis beside its jobs. */
export interface BatchMeta {
  readonly count: number;
  readonly stages: StageSet;
  readonly spec: PipelineSpec;
  /** The list in the list-file format (parsed by each worker, once per batch). */
  readonly listText: string;
  readonly listHash: string;
}

/** Connection and queue of every call below. */
export interface QueueTarget {
  readonly connection: ConnectionOptions;
  readonly queue?: string;
}

const metaKey = (queue: string, batch: string) => `ctcbias:${queue}:batch:${batch}`;
const jobId = (batch: string, index: number) => `${batch}--${index}`;

/** Fails with IO_ERROR naming the server when Redis does not answer within `ms`. */
async function reachable(queue: Queue, connection: ConnectionOptions, ms = 5000): Promise<void> {
  const where = 'host' in connection ? `redis://${connection.host}:${connection.port}` : 'redis';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CtcBiasError('IO_ERROR', `no answer from Redis within ${ms / 1000} s`, {
            file: where,
          }),
        ),
      ms,
    );
  });
  try {
    await Promise.race([
      queue.client.then((c) => (c as unknown as { ping(): Promise<string> }).ping()),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `redis://host:port/db` as BullMQ connection options (ioredis). */
export function redisConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CtcBiasError('INVALID_ARGUMENT', 'not a redis:// URL', { value: url });
  }
  if (u.protocol !== 'redis:') {
    throw new CtcBiasError('INVALID_ARGUMENT', 'not a redis:// URL', { value: url });
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port === '' ? 6379 : Number(u.port),
    db,
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    // BullMQ workers block on Redis; fail fast instead of queueing commands while it is down
    maxRetriesPerRequest: null,
  };
}

/**
 * Enqueues one job per file of a batch (job id `<batch>--<index>`, so submitting the same batch
 * again adds nothing twice) after storing the batch's list, stages and spec once. Each job is
 * retried `attempts` times with exponential backoff; a job whose worker dies is put back by
 * BullMQ's stalled-job check and retried by another worker.
 */
export async function submitBatch(
  target: QueueTarget,
  batch: string,
  files: readonly { readonly id: string; readonly audio: string }[],
  meta: Omit<BatchMeta, 'count' | 'listHash'>,
  attempts = 3,
): Promise<number> {
  const name = target.queue ?? DEFAULT_QUEUE;
  const queue = new Queue<TranscribeJobData>(name, { connection: target.connection });
  try {
    await reachable(queue, target.connection);
    const client = await queue.client;
    const full: BatchMeta = { ...meta, count: files.length, listHash: fnv1a64Hex(meta.listText) };
    const stored = await client.get(metaKey(name, batch));
    if (stored !== null && JSON.parse(stored).listHash !== full.listHash) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'a different batch with this id was submitted', {
        value: batch,
      });
    }
    await client.set(metaKey(name, batch), JSON.stringify(full));
    await queue.addBulk(
      files.map((f, index) => ({
        name: 'transcribe',
        data: { batch, index, id: f.id, audio: f.audio },
        opts: {
          jobId: jobId(batch, index),
          attempts,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    return files.length;
  } finally {
    await queue.close();
  }
}

/**
 * Processes jobs until `stop()` (or, with `drain`, until the queue has nothing waiting): one
 * pipeline per batch spec, loaded on the batch's first job; each result is the JSON of
 * `ctcbias transcribe --json` for the file, stored by BullMQ as the job's return value.
 */
export async function runWorker(
  target: QueueTarget,
  loadPipeline: (o: CreatePipelineOptions) => Promise<JointPipeline>,
  options: {
    readonly concurrency?: number;
    readonly drain?: boolean;
    /** Called after each job this worker finished. */
    readonly onJob?: (job: Job) => void;
    /**
     * How long a job's lock lasts without renewal (BullMQ `lockDuration`, default 30 s): a worker
     * that dies holds its jobs this long before another takes them over.
     */
    readonly lockMs?: number;
    /** How often this worker looks for jobs whose worker died (`stalledInterval`, default 30 s). */
    readonly stalledCheckMs?: number;
  } = {},
): Promise<{
  readonly processed: number;
  /** Stops taking jobs; finishes the ones in hand unless `force` (then they are left to stall). */
  stop(force?: boolean): Promise<void>;
  readonly done: Promise<void>;
}> {
  const name = target.queue ?? DEFAULT_QUEUE;
  const batches = new Map<
    string,
    Promise<{ pipelineFor: (s: StageSet) => JointPipeline; list: BiasingList; meta: BatchMeta }>
  >();
  let processed = 0;
  const worker = new Worker<TranscribeJobData>(
    name,
    async (job) => {
      const { batch } = job.data;
      let ready = batches.get(batch);
      if (ready === undefined) {
        ready = (async () => {
          const raw = await (await worker.client).get(metaKey(name, batch));
          if (raw === null) throw new CtcBiasError('NOT_FOUND', `no batch "${batch}" in the queue`);
          const meta = JSON.parse(raw) as BatchMeta;
          const base = await loadPipeline({ ...meta.spec, stages: meta.stages });
          return {
            pipelineFor: pipelineCache(base),
            list: parseBiasingList(meta.listText, 'the batch list'),
            meta,
          };
        })();
        ready.catch(() => batches.delete(batch));
        batches.set(batch, ready);
      }
      const { pipelineFor, list, meta } = await ready;
      const r = await runUtterance(
        { id: job.data.id, audio: job.data.audio, configs: [meta.stages] },
        list,
        pipelineFor,
      );
      const output = r.outputs[0];
      if (output === undefined) throw new CtcBiasError('INTERNAL', `no output for ${job.data.id}`);
      options.onJob?.(job);
      processed++;
      return transcriptionJson(r, output, r.frameShiftSec, (e) => list.entries[e]?.text);
    },
    {
      connection: target.connection,
      concurrency: options.concurrency ?? 1,
      autorun: true,
      ...(options.lockMs !== undefined ? { lockDuration: options.lockMs } : {}),
      ...(options.stalledCheckMs !== undefined ? { stalledInterval: options.stalledCheckMs } : {}),
    },
  );
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  // with `drain`: stop once nothing is waiting or delayed (a retry in backoff is delayed, not gone)
  const counts = options.drain ? new Queue(name, { connection: target.connection }) : undefined;
  const stop = async (force = false) => {
    await worker.close(force);
    await counts?.close();
    resolveDone();
  };
  worker.on('drained', async () => {
    if (counts === undefined) return;
    const c = await counts.getJobCounts('wait', 'delayed', 'prioritized');
    if ((c.wait ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0) await stop();
  });
  return {
    get processed() {
      return processed;
    },
    stop,
    done,
  };
}

/** A collected batch: results in manifest order, and the files that failed with why. */
export interface CollectedBatch {
  readonly results: readonly unknown[];
  readonly failed: readonly {
    readonly id: string;
    readonly audio: string;
    readonly reason: string;
    readonly attempts: number;
  }[];
  /** Jobs not finished yet (still waiting, active or delayed for a retry). */
  readonly pending: number;
}

/**
 * Reads a batch's jobs in manifest order: finished results, failed files (after all attempts),
 * and how many are still pending. With `wait`, polls until none is pending, calling `progress`
 * with the number finished.
 */
export async function collectBatch(
  target: QueueTarget,
  batch: string,
  options: {
    readonly wait?: boolean;
    readonly pollMs?: number;
    readonly progress?: (finished: number, total: number) => void;
  } = {},
): Promise<CollectedBatch> {
  const name = target.queue ?? DEFAULT_QUEUE;
  const queue = new Queue<TranscribeJobData>(name, { connection: target.connection });
  try {
    await reachable(queue, target.connection);
    const raw = await (await queue.client).get(metaKey(name, batch));
    if (raw === null) throw new CtcBiasError('NOT_FOUND', `no batch "${batch}" in queue "${name}"`);
    const meta = JSON.parse(raw) as BatchMeta;
    for (;;) {
      const results: unknown[] = [];
      const failed: CollectedBatch['failed'][number][] = [];
      let pending = 0;
      for (let index = 0; index < meta.count; index++) {
        // the state first: a job's return value is written together with its move to completed
        const state = await queue.getJobState(jobId(batch, index));
        const job =
          state === 'completed' || state === 'failed'
            ? await queue.getJob(jobId(batch, index))
            : undefined;
        if (job === undefined) {
          pending++;
        } else if (state === 'completed') {
          results.push(job.returnvalue);
        } else {
          failed.push({
            id: job.data.id,
            audio: job.data.audio,
            reason: job.failedReason,
            attempts: job.attemptsMade,
          });
        }
      }
      options.progress?.(meta.count - pending, meta.count);
      if (pending === 0 || !options.wait) return { results, failed, pending };
      await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
    }
  } finally {
    await queue.close();
  }
}
