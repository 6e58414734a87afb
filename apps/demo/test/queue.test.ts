import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBatch, redisConnection, runWorker, submitBatch } from '../src/queue/batch-queue.js';
import { FIX, fakePipeline, runWith } from './cli-runner.js';

const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
if (REDIS === undefined) {
  console.warn('queue tests skipped: no redis-server (apt-get install redis-server)');
}

const run = (...argv: string[]) => runWith(async (o) => fakePipeline(o), argv);

describe.skipIf(REDIS === undefined)('batch jobs on BullMQ (a real redis-server)', () => {
  let redis: ChildProcess;
  let url = '';
  const tmp = mkdtempSync(join(tmpdir(), 'ctcbias-queue-'));

  beforeAll(async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    redis = spawn(
      REDIS as string,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((ready, fail) => {
      redis.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('Ready to accept connections')) ready();
      });
      redis.once('exit', (code) => fail(new Error(`redis-server exited (${code})`)));
    });
    url = `redis://127.0.0.1:${port}`;
  }, 20_000);
  afterAll(() => {
    redis?.kill();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('submit, worker, collect: every file once, in manifest order, as transcribe prints it', async () => {
    const submitB1 = ['batch', 'submit', 'manifest.jsonl', '--list', 'list.txt', '--redis', url];
    const submit = await run(...submitB1, '--batch', 'b1');
    expect(submit).toMatchObject({ code: 0, out: 'b1\n' });
    expect(submit.err).toContain('batch b1: 2 files queued on "ctcbias"');
    // submitting again adds nothing twice
    expect((await run(...submitB1, '--batch', 'b1')).code).toBe(0);
    const early = await run('batch', 'collect', 'b1', '--redis', url);
    expect(early.code).toBe(1);
    expect(early.err).toContain('2 files not finished yet');

    const worker = await run('worker', '--redis', url, '--drain');
    expect(worker.code).toBe(0);
    expect(worker.err).toContain('worker stopped after 2 jobs');

    const collected = await run('batch', 'collect', 'b1', '--redis', url, '--wait');
    const transcribed = await run('transcribe', 'a.wav', 'b.wav', '--list', 'list.txt');
    expect(collected).toMatchObject({ code: 0, out: transcribed.out });
    const json = (await run('batch', 'collect', 'b1', '--redis', url, '--json')).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json.map((j) => j.id)).toEqual(['a', 'b']);
    expect(json[0]).toMatchObject({
      text: 'call kate now',
      stages: ['g2g', 'adapter', 'boost', 'lm', 'phonetic', 'lexicon'],
    });
  }, 60_000);

  it('reports a file that fails after its attempts, and collects the others', async () => {
    const manifest = join(tmp, 'm.jsonl');
    writeFileSync(
      manifest,
      `${JSON.stringify({ id: 'a', audio: join(FIX, 'a.wav'), text: 'call kate now' })}\n${JSON.stringify({ id: 'gone', audio: join(FIX, 'gone.wav'), text: 'x' })}\n`,
    );
    expect(
      (
        await run(
          'batch',
          'submit',
          manifest,
          '--redis',
          url,
          '--batch',
          'b2',
          '--attempts',
          '1',
          '--queue',
          'q2',
        )
      ).code,
    ).toBe(0);
    expect((await run('worker', '--redis', url, '--queue', 'q2', '--drain')).code).toBe(0);
    const r = await run('batch', 'collect', 'b2', '--redis', url, '--queue', 'q2');
    expect(r.code).toBe(1);
    expect(r.out).toBe('a\tcall cate now\n');
    expect(r.err).toMatch(/failed gone after 1 attempt: .*gone\.wav/);
  }, 60_000);

  it('a job whose worker dies mid-job is taken over by another and completes once', async () => {
    const target = { connection: redisConnection(url), queue: 'q3' };
    const files = [{ id: 'a', audio: join(FIX, 'a.wav') }];
    await submitBatch(target, 'b3', files, { stages: ['boost'], spec: {}, listText: 'kate' });
    let started: () => void = () => {};
    const jobStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    // worker A takes the job and never finishes it (as if its process hung or was killed)
    const stuck = await runWorker(
      target,
      () => {
        started();
        return new Promise(() => {});
      },
      { lockMs: 1000, stalledCheckMs: 500 },
    );
    await jobStarted;
    await stuck.stop(true);
    // worker B finds the stalled job once its lock expires, and finishes it
    const rescuer = await runWorker(target, async (o) => fakePipeline(o), {
      lockMs: 1000,
      stalledCheckMs: 500,
    });
    const done = await collectBatch(target, 'b3', { wait: true, pollMs: 200 });
    await rescuer.stop();
    expect(done.failed).toEqual([]);
    expect(done.results).toHaveLength(1);
    expect(done.results[0]).toMatchObject({ id: 'a', stages: ['boost'] });
    expect(rescuer.processed).toBe(1);
  }, 30_000);

  it('names what is wrong: no --redis, a bad URL, an unknown batch, no Redis there', async () => {
    expect((await run('worker')).err).toContain('worker needs --redis redis://HOST:PORT');
    expect((await run('batch', 'collect', 'x', '--redis', 'http://x')).err).toContain(
      'not a redis:// URL',
    );
    expect((await run('batch', 'collect', 'nope', '--redis', url)).err).toContain(
      'no batch "nope"',
    );
    expect((await run('batch', 'frob', 'x', '--redis', url)).code).toBe(2);
    const down = await run('batch', 'collect', 'x', '--redis', 'redis://127.0.0.1:1');
    expect(down.code).toBe(1);
    expect(down.err).toContain('redis://127.0.0.1:1: no answer from Redis within 5 s');
  }, 30_000);
});
