import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { type BiasingList, CtcBiasError, createBiasingList } from '@ctcbias/core';
import {
  type AblationRow,
  ablationConfigs,
  formatAblationTable,
  formatTable,
} from '../../eval/ablation.js';
import { readManifest } from '../../eval/manifest.js';
import { computeMetrics } from '../../eval/metrics.js';
import { type SweepPoint, sweepRule, sweepSvg } from '../../eval/sweep.js';
import { resolveParams } from '../../pipeline/params.js';
import { formatStages, type StageSet } from '../../pipeline/stage-set.js';
import type { UtteranceJob } from '../../pipeline/utterance.js';
import { type ParsedOptions, UsageError } from '../args.js';
import { runBatch } from '../batch.js';
import {
  batchRunner,
  type CliEnv,
  commandContext,
  displayPath,
  requireFiles,
  resolvePath,
} from '../context.js';

/**
 * `ctcbias eval --manifest FILE.jsonl`: decodes every utterance and prints WER, U-WER, B-WER and
 * entity P/R/F1 (one row, or the ablation table with `--ablation`).
 *
 * The list is `--list`, or else the union of the manifest's `entities`; all entity metrics are
 * computed against that list (its distractors included, as in the paper).
 *
 * With `--sweep FILE.svg` the utterances are decoded once with the acceptance rule off and the
 * rule is replayed at every threshold of `SWEEP_THRESHOLDS` and margin of `SWEEP_MARGINS`: a
 * precision / recall table, the curves as FILE.svg and the numbers as FILE.json (neither file may
 * exist yet).
 */
export async function evalCommand(env: CliEnv, o: ParsedOptions): Promise<void> {
  let ctx = await commandContext(env, o);
  const sweepFile = o.sweep === undefined ? undefined : resolvePath(env, o.sweep);
  if (sweepFile !== undefined) {
    if (o.ablation) throw new UsageError('--sweep and --ablation cannot be combined', 'eval');
    if (!sweepFile.endsWith('.svg')) throw new UsageError('--sweep wants a FILE.svg path', 'eval');
    for (const f of [sweepFile, sweepJsonPath(sweepFile)]) {
      if (existsSync(f)) {
        throw new CtcBiasError('INVALID_ARGUMENT', 'refusing to overwrite an existing file', {
          file: f,
        });
      }
    }
    const params = resolveParams({
      ...ctx.params,
      accept: {
        ...ctx.params.accept,
        threshold: Number.POSITIVE_INFINITY,
        margin: Number.NEGATIVE_INFINITY,
      },
    });
    ctx = { ...ctx, params, spec: { ...ctx.spec, params } };
  }
  const manifestFile = resolvePath(env, o.manifest as string);
  const items = await readManifest(manifestFile);
  requireFiles(items.map((i) => ({ path: i.audio, from: { file: manifestFile, line: i.line } })));
  const list: BiasingList =
    ctx.list ?? createBiasingList([...new Set(items.flatMap((i) => i.entities ?? []))]);
  if (list.entries.length === 0) {
    env.stderr.write(
      'ctcbias: warning: empty biasing list (no --list and no "entities" in the manifest); entity metrics are vacuous\n',
    );
  }
  const configs = o.ablation
    ? ablationConfigs(ctx.stages)
    : [{ label: formatStages(ctx.stages, '+'), kind: 'all' as const, stages: ctx.stages }];
  // each distinct stage set is decoded once (a leave-one-out row may repeat a cumulative one)
  const distinct = [...new Map(configs.map((c) => [c.stages.join(','), c.stages])).values()];
  const column = configs.map((c) => distinct.findIndex((d) => d.join(',') === c.stages.join(',')));
  const jobs: UtteranceJob[] = items.map((i) => ({
    id: i.id,
    audio: i.audio,
    configs: distinct,
  }));
  const runner = await batchRunner(env, o, ctx, ctx.stages, list, jobs.length);
  const t0 = performance.now();
  const results = await runBatch(jobs, list, runner, env.stderr);
  const wallSec = (performance.now() - t0) / 1000;
  const rows: AblationRow[] = configs.map((c, k) => ({
    ...c,
    metrics: computeMetrics(
      items.map((item, i) => ({
        ref: item.text,
        hyp: results[i]?.outputs[column[k] as number]?.text ?? '',
      })),
      list,
    ),
  }));
  const audioSec = results.reduce((s, r) => s + r.durationSec, 0);
  if (sweepFile !== undefined) {
    const points = sweepRule(
      items.map((item, i) => {
        const out = results[i]?.outputs[0];
        return {
          ref: item.text,
          unbiased: out?.unbiased ?? EMPTY_BEST,
          candidates: out?.candidates ?? [],
        };
      }),
      list,
    );
    const title = `${displayPath(env, manifestFile)} — ${list.entries.length} entries — ${formatStages(ctx.stages, '+')}`;
    await writeFile(sweepFile, sweepSvg(points, title));
    await writeFile(
      sweepJsonPath(sweepFile),
      `${JSON.stringify({ manifest: manifestFile, list: ctx.listFile ?? null, entries: list.entries.length, stages: ctx.stages, points: points.map(pointJson) }, null, 2)}\n`,
    );
    if (o.json) {
      env.stdout.write(`${JSON.stringify({ points: points.map(pointJson) }, null, 2)}\n`);
      return;
    }
    env.stdout.write(`${formatSweepTable(points)}\n`);
    env.stdout.write(
      `\nthreshold: nats per phone (inf = off); margin: nats over the heard words (-inf = off); ` +
        `P/R/F1, WER, U-WER in %. Best F1: ${bestLine(points)}. Curves: ${displayPath(env, sweepFile)}\n`,
    );
    return;
  }

  if (o.json) {
    env.stdout.write(
      `${JSON.stringify(
        {
          manifest: manifestFile,
          list: { file: ctx.listFile ?? null, entries: list.entries.length },
          utterances: items.length,
          audioSec: Number(audioSec.toFixed(3)),
          wallSec: Number(wallSec.toFixed(3)),
          params: ctx.params,
          rows: rows.map((r) => ({
            label: r.label,
            kind: r.kind,
            stages: r.stages,
            metrics: r.metrics,
          })),
          hypotheses: items.map((item, i) => ({
            id: item.id,
            ref: item.text,
            hyp: Object.fromEntries(
              configs.map((c, k) => [
                c.label,
                results[i]?.outputs[column[k] as number]?.text ?? '',
              ]),
            ),
          })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const listName = ctx.listFile ? displayPath(env, ctx.listFile) : 'manifest entities';
  env.stdout.write(
    `${items.length} utterances (${audioSec.toFixed(1)} s of audio) from ${displayPath(env, manifestFile)}; ` +
      `list: ${list.entries.length} entries (${listName}); decoded in ${wallSec.toFixed(1)} s\n\n`,
  );
  env.stdout.write(`${formatAblationTable(rows)}\n`);
  env.stdout.write(`\nWER, U-WER, B-WER and entity P/R/F1 in %. ${legend(ctx.stages)}\n`);
}

function legend(stages: StageSet): string {
  return `Stages: ${formatStages(stages, ', ')}.`;
}

const EMPTY_BEST = { tokens: [], text: '', words: [], score: 0, scores: {} };

function sweepJsonPath(svg: string): string {
  return `${svg.slice(0, -'.svg'.length)}.json`;
}

const numberJson = (x: number) => (Number.isFinite(x) ? x : x > 0 ? 'inf' : '-inf');

function bestLine(points: readonly SweepPoint[]): string {
  const best = points.reduce((a, b) => (b.metrics.f1 > a.metrics.f1 ? b : a));
  return `${(100 * best.metrics.f1).toFixed(1)} at threshold ${numberJson(best.threshold)}, margin ${numberJson(best.margin)}`;
}

function pointJson(p: SweepPoint) {
  return {
    threshold: numberJson(p.threshold),
    margin: numberJson(p.margin),
    rejected: p.rejected,
    metrics: p.metrics,
  };
}

function formatSweepTable(points: readonly SweepPoint[]): string {
  const pct = (x: number) => (100 * x).toFixed(1);
  return formatTable(
    ['margin', 'threshold', 'dropped', 'P', 'R', 'F1', 'WER', 'U-WER', 'FP'],
    points.map((p) => [
      String(numberJson(p.margin)),
      String(numberJson(p.threshold)),
      String(p.rejected),
      pct(p.metrics.precision),
      pct(p.metrics.recall),
      pct(p.metrics.f1),
      pct(p.metrics.wer),
      pct(p.metrics.uWer),
      String(p.metrics.counts.fp),
    ]),
  );
}
