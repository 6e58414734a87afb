import { existsSync } from 'node:fs';
import { CtcBiasError, createBiasingList } from '@ctcbias/core';
import { readBiasingListFile } from '@ctcbias/core/node';
import { formatStages, pipelineCache, runUtterance } from '@ctcbias/pipeline';
import { createPipeline } from '@ctcbias/pipeline/node';
import { formatTable } from '../../eval/ablation-table.js';
import { readManifest } from '../../eval/manifest.js';
import { SAMPLES_LIST, SAMPLES_MANIFEST } from '../../samples.js';
import { type ParsedOptions, positiveIntOption } from '../args.js';
import { type CliEnv, commandContext, displayPath, requireFiles, resolvePath } from '../context.js';
import { createProgress } from '../progress.js';

const MIB = 1024 * 1024;

/**
 * `ctcbias bench`: end-to-end real-time factor (processing time / audio time, one thread, WAV
 * read included) and peak memory on the shipped samples or `--manifest`. Run 1 is a warm-up
 * (caches, JIT) and is reported but not averaged.
 */
export async function benchCommand(env: CliEnv, o: ParsedOptions): Promise<void> {
  const ctx = await commandContext(env, o);
  const manifestFile = o.manifest ? resolvePath(env, o.manifest) : SAMPLES_MANIFEST;
  if (o.manifest === undefined && !existsSync(manifestFile)) {
    throw new CtcBiasError('NOT_FOUND', 'the shipped samples are missing; pass --manifest', {
      file: manifestFile,
    });
  }
  const items = await readManifest(manifestFile);
  requireFiles(items.map((i) => ({ path: i.audio, from: { file: manifestFile, line: i.line } })));
  const list =
    ctx.list ??
    (o.manifest === undefined && existsSync(SAMPLES_LIST)
      ? await readBiasingListFile(SAMPLES_LIST)
      : createBiasingList([...new Set(items.flatMap((i) => i.entities ?? []))]));
  const runs = positiveIntOption('runs', o.runs, 3);

  const tLoad = performance.now();
  const load = env.loadPipeline ?? createPipeline;
  const pipeline = await load({ ...ctx.spec, stages: ctx.stages });
  const loadMs = performance.now() - tLoad;
  const pipelineFor = pipelineCache(pipeline);

  let peakHeap = process.memoryUsage().heapUsed;
  const runRows: { run: number; procSec: number; audioSec: number }[] = [];
  const stepMs = new Map<string, number>();
  let timedAudioSec = 0;
  const progress = createProgress(runs * items.length, env.stderr);
  for (let run = 1; run <= runs; run++) {
    let procSec = 0;
    let audioSec = 0;
    for (const item of items) {
      const r = await runUtterance(
        { id: item.id, audio: item.audio, configs: [ctx.stages] },
        list,
        pipelineFor,
      );
      procSec += r.totalMs / 1000;
      audioSec += r.durationSec;
      if (run > 1 || runs === 1) {
        timedAudioSec += r.durationSec;
        add(stepMs, 'encoder', r.encoderMs);
        for (const s of r.outputs[0]?.perStage ?? []) add(stepMs, s.step, s.ms);
      }
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      progress.tick(`run ${run} ${item.id}`);
    }
    runRows.push({ run, procSec, audioSec });
  }
  progress.done();
  const timed = runs === 1 ? runRows : runRows.slice(1);
  const meanRtf = timed.reduce((s, r) => s + r.procSec / r.audioSec, 0) / timed.length;
  const peakRss = (process.resourceUsage().maxRSS * 1024) / MIB;
  const perStep = Object.fromEntries(
    [...stepMs].map(([k, ms]) => [k, Number((ms / timedAudioSec).toFixed(2))]),
  );

  if (o.json) {
    env.stdout.write(
      `${JSON.stringify(
        {
          manifest: manifestFile,
          files: items.length,
          audioSec: Number((runRows[0]?.audioSec ?? 0).toFixed(3)),
          stages: ctx.stages,
          loadMs: Number(loadMs.toFixed(1)),
          runs: runRows.map((r) => ({
            ...r,
            rtf: r.procSec / r.audioSec,
            warmup: runs > 1 && r.run === 1,
          })),
          meanRtf,
          msPerAudioSecond: perStep,
          peakRssMiB: Number(peakRss.toFixed(1)),
          peakHeapMiB: Number((peakHeap / MIB).toFixed(1)),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const audioSec = runRows[0]?.audioSec ?? 0;
  env.stdout.write(
    `bench: ${items.length} files, ${audioSec.toFixed(1)} s of audio (${displayPath(env, manifestFile)}), ` +
      `stages ${formatStages(ctx.stages, '+')}, list ${list.entries.length} entries, one process without worker threads\n` +
      `model load: ${loadMs.toFixed(0)} ms\n\n`,
  );
  env.stdout.write(
    `${formatTable(
      ['run', 'time (s)', 'RTF'],
      runRows.map((r) => [
        runs > 1 && r.run === 1 ? `${r.run} (warm-up)` : `${r.run}`,
        r.procSec.toFixed(2),
        (r.procSec / r.audioSec).toFixed(3),
      ]),
    )}\n\n`,
  );
  env.stdout.write(
    `mean RTF ${meanRtf.toFixed(3)} (${(1 / meanRtf).toFixed(1)}× faster than real time)\n` +
      `ms per audio second: ${Object.entries(perStep)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}\n` +
      `peak RSS ${peakRss.toFixed(0)} MiB, peak JS heap ${(peakHeap / MIB).toFixed(0)} MiB\n`,
  );
}

function add(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}
