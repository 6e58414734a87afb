import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createPipeline } from '@ctcbias/pipeline/node';
import { readManifest } from '../../eval/manifest.js';
import {
  collectBatch,
  DEFAULT_QUEUE,
  type QueueTarget,
  redisConnection,
  runWorker,
  submitBatch,
} from '../../queue/batch-queue.js';
import { type ParsedOptions, positiveIntOption, UsageError } from '../args.js';
import { type CliEnv, commandContext, loadPlugins, resolvePath } from '../context.js';
import { createProgress } from '../progress.js';

const BATCH_ID = /^[A-Za-z0-9._-]{1,64}$/;

function target(o: ParsedOptions): QueueTarget {
  return { connection: redisConnection(o.redis as string), queue: o.queue ?? DEFAULT_QUEUE };
}

/**
 * `ctcbias batch submit MANIFEST` / `ctcbias batch collect BATCH`: batch jobs on BullMQ. Submit
 * stores the batch (list, stages, parameters) once and enqueues one job per file, printing the
 * batch id; collect prints the results in manifest order. Returns the exit status.
 */
export async function batchCommand(
  env: CliEnv,
  o: ParsedOptions,
  positionals: readonly string[],
): Promise<number> {
  const [sub, arg] = positionals as [string, string];
  if (sub === 'submit') {
    const ctx = await commandContext(env, o);
    const manifest = await readManifest(resolvePath(env, arg));
    const listText =
      ctx.listFile !== undefined
        ? await readFile(ctx.listFile, 'utf8')
        : [...new Set(manifest.flatMap((m) => m.entities ?? []))].join('\n');
    const batch = o.batch ?? `b-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    if (!BATCH_ID.test(batch)) {
      throw new UsageError('--batch is 1–64 letters, digits, ".", "_" or "-"', 'batch');
    }
    const attempts = positiveIntOption('attempts', o.attempts, 3);
    const n = await submitBatch(
      target(o),
      batch,
      manifest.map((m) => ({ id: m.id, audio: m.audio })),
      { stages: ctx.stages, spec: ctx.spec, listText },
      attempts,
    );
    env.stderr.write(
      `ctcbias: batch ${batch}: ${n} files queued on "${o.queue ?? DEFAULT_QUEUE}"\n`,
    );
    env.stdout.write(`${batch}\n`);
    return 0;
  }
  const progress = o.wait ? createProgressOnce(env) : undefined;
  const collected = await collectBatch(target(o), arg, {
    wait: o.wait ?? false,
    ...(progress ? { progress } : {}),
  });
  progress?.done();
  for (const r of collected.results) {
    const j = r as { id: string; text: string };
    env.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `${j.id}\t${j.text}\n`);
  }
  for (const f of collected.failed) {
    env.stderr.write(
      `ctcbias: failed ${f.id} after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}: ${f.reason}\n`,
    );
  }
  if (collected.pending > 0) {
    env.stderr.write(`ctcbias: ${collected.pending} files not finished yet (--wait to wait)\n`);
  }
  return collected.failed.length > 0 || collected.pending > 0 ? 1 : 0;
}

/** A progress bar that learns its total from the first report. */
function createProgressOnce(env: CliEnv) {
  let bar: ReturnType<typeof createProgress> | undefined;
  let shown = 0;
  const report = (finished: number, total: number) => {
    bar ??= createProgress(total, env.stderr);
    for (; shown < finished; shown++) bar.tick();
  };
  return Object.assign(report, { done: () => bar?.done() });
}

/**
 * `ctcbias worker`: processes batch jobs until Ctrl-C (or, with `--drain`, until nothing is
 * waiting). Each batch's pipeline is loaded on its first job.
 */
export async function workerCommand(env: CliEnv, o: ParsedOptions): Promise<number> {
  await loadPlugins(env, o);
  const concurrency = positiveIntOption('concurrency', o.concurrency, 1);
  const worker = await runWorker(target(o), env.loadPipeline ?? createPipeline, {
    concurrency,
    drain: o.drain ?? false,
  });
  const stop = () => void worker.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  env.stderr.write(`ctcbias: worker on "${o.queue ?? DEFAULT_QUEUE}" (${concurrency} at a time)\n`);
  await worker.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  env.stderr.write(`ctcbias: worker stopped after ${worker.processed} jobs\n`);
  return 0;
}
