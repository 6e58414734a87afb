import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';
import type { UtteranceJob } from '../../pipeline/utterance.js';
import type { ParsedOptions } from '../args.js';
import { UsageError } from '../args.js';
import { runBatch } from '../batch.js';
import {
  batchRunner,
  type CliEnv,
  commandContext,
  EMPTY_LIST,
  idsFromPaths,
  requireFiles,
  resolvePath,
} from '../context.js';
import { transcriptionJson } from '../format.js';

/** `ctcbias transcribe <wav...>`: prints transcripts (or JSON), optionally saves posteriors / heatmaps. */
export async function transcribeCommand(
  env: CliEnv,
  o: ParsedOptions,
  wavs: readonly string[],
): Promise<void> {
  const ctx = await commandContext(env, o);
  if (o.heatmap !== undefined && !ctx.stages.includes('adapter')) {
    throw new UsageError(
      '--heatmap needs the adapter stage (--stages all, or include adapter)',
      'transcribe',
    );
  }
  const paths = wavs.map((w) => resolvePath(env, w));
  requireFiles(paths.map((path) => ({ path })));
  const list = ctx.list ?? EMPTY_LIST;
  const ids = idsFromPaths(paths);
  const jobs: UtteranceJob[] = paths.map((audio, i) => ({
    id: ids[i] as string,
    audio,
    configs: [ctx.stages],
    keepPosteriors: o['save-posteriors'] !== undefined,
    heatmap: o.heatmap !== undefined,
  }));
  const runner = await batchRunner(env, o, ctx, ctx.stages, list, jobs.length);
  const results = await runBatch(jobs, list, runner, env.stderr);

  if (o['save-posteriors'] !== undefined) {
    const dir = resolvePath(env, o['save-posteriors']);
    await mkdir(dir, { recursive: true });
    for (const r of results) {
      const p = r.outputs[0]?.posteriors;
      if (p === undefined) throw new CtcBiasError('INTERNAL', `no posteriors kept for ${r.id}`);
      const bytes = new Uint8Array(p.logProbs.buffer, p.logProbs.byteOffset, p.logProbs.byteLength);
      await writeFile(join(dir, `${r.id}.f32`), bytes);
    }
    const vocab = results[0]?.vocabulary;
    if (vocab) {
      await writeFile(
        join(dir, 'vocab.json'),
        `${JSON.stringify({ tokens: vocab.tokens, blank: vocab.blank })}\n`,
      );
    }
  }
  if (o.heatmap !== undefined) {
    const dir = resolvePath(env, o.heatmap);
    await mkdir(dir, { recursive: true });
    for (const r of results) {
      const svg = r.outputs[0]?.heatmapSvg;
      if (svg === undefined) {
        env.stderr.write(`ctcbias: no adapter attention for ${r.id} (empty list?)\n`);
      } else {
        await writeFile(join(dir, `${r.id}.heatmap.svg`), svg);
      }
    }
  }

  if (o.json) {
    const entryText = (e: number) => list.entries[e]?.text;
    const json = results.map((r) =>
      transcriptionJson(
        r,
        r.outputs[0] as NonNullable<(typeof r.outputs)[0]>,
        r.frameShiftSec,
        entryText,
      ),
    );
    env.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    const text = r.outputs[0]?.text ?? '';
    env.stdout.write(results.length === 1 ? `${text}\n` : `${r.id}\t${text}\n`);
  }
}
