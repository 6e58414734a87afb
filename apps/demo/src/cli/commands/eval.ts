import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { type BiasingList, CtcBiasError, createBiasingList } from '@ctcbias/core';
import { readBiasingListFile } from '@ctcbias/core/node';
import type { UtteranceJob } from '@ctcbias/pipeline';
import { ablationConfigs, formatStages, resolveParams, type StageSet } from '@ctcbias/pipeline';
import {
  type AblationRow,
  formatAblationTable,
  formatCategoryTable,
  formatTable,
} from '../../eval/ablation-table.js';
import { readManifest } from '../../eval/manifest.js';
import { computeMetrics, type EvalMetrics, poolMetrics } from '../../eval/metrics.js';
import { type SweepPoint, sweepRule, sweepSvg } from '../../eval/sweep.js';
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
 * computed against that list (its distractors included, as in the paper). Several `--list`
 * files: the set is decoded with each and the counts are pooled ({@link poolMetrics}).
 *
 * With `--sweep FILE.svg` the utterances are decoded once with the acceptance rule off and the
 * rule is replayed at every threshold of `SWEEP_THRESHOLDS` and margin of `SWEEP_MARGINS` (at the
 * given `accept.minPhones`): a precision / recall table, the best F1 overall and at precision
 * ≥ 0.95, the curves as FILE.svg and the numbers as FILE.json (neither file may exist yet).
 */
export async function evalCommand(env: CliEnv, o: ParsedOptions): Promise<void> {
  let ctx = await commandContext(env, o);
  // the sweep decodes with the rule off and replays it at the given minimum length
  const minPhones = ctx.params.accept.minPhones;
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
        minPhones: 0,
      },
    });
    ctx = { ...ctx, params, spec: { ...ctx.spec, params } };
  }
  const manifestFile = resolvePath(env, o.manifest as string);
  const items = await readManifest(manifestFile);
  requireFiles(items.map((i) => ({ path: i.audio, from: { file: manifestFile, line: i.line } })));
  const listFiles = (o.lists ?? []).map((f) => resolvePath(env, f));
  const lists: { file: string | null; list: BiasingList }[] =
    listFiles.length > 0
      ? await Promise.all(
          listFiles.map(async (file, k) => ({
            file,
            // commandContext has read the first one already
            list: k === 0 && ctx.list ? ctx.list : await readBiasingListFile(file),
          })),
        )
      : [
          {
            file: null,
            list: createBiasingList([...new Set(items.flatMap((i) => i.entities ?? []))]),
          },
        ];
  if (lists.some((l) => l.list.entries.length === 0)) {
    env.stderr.write(
      'ctcbias: warning: empty biasing list (no --list and no "entities" in the manifest, or an empty list file); entity metrics are vacuous\n',
    );
  }
  const configs = o.ablation
    ? ablationConfigs(ctx.stages)
    : [{ label: formatStages(ctx.stages, '+'), kind: 'all' as const, stages: ctx.stages }];
  // each distinct stage set is decoded once (a leave-one-out row may repeat a cumulative one)
  const distinct = [...new Map(configs.map((c) => [c.stages.join(','), c.stages])).values()];
  const column = configs.map((c) => distinct.findIndex((d) => d.join(',') === c.stages.join(',')));
  const jobs: UtteranceJob[] = items.map((i) => ({ id: i.id, audio: i.audio, configs: distinct }));
  const t0 = performance.now();
  const runs: ListRun[] = [];
  for (const { file, list } of lists) {
    const runner = await batchRunner(env, o, ctx, ctx.stages, list, jobs.length);
    const results = await runBatch(jobs, list, runner, env.stderr);
    const hyp = (i: number, k: number) => results[i]?.outputs[column[k] as number]?.text ?? '';
    const rows: AblationRow[] = configs.map((c, k) => ({
      ...c,
      metrics: computeMetrics(
        items.map((item, i) => ({ ref: item.text, hyp: hyp(i, k) })),
        list,
      ),
    }));
    const points =
      sweepFile === undefined
        ? []
        : sweepRule(
            items.map((item, i) => {
              const out = results[i]?.outputs[0];
              return {
                ref: item.text,
                unbiased: out?.unbiased ?? EMPTY_BEST,
                candidates: out?.candidates ?? [],
              };
            }),
            list,
            minPhones,
          );
    const hypotheses = items.map((item, i) => ({
      id: item.id,
      ref: item.text,
      hyp: Object.fromEntries(configs.map((c, k) => [c.label, hyp(i, k)])),
    }));
    const audioSec = results.reduce((s, r) => s + r.durationSec, 0);
    runs.push({ file, entries: list.entries.length, rows, points, hypotheses, audioSec });
  }
  const wallSec = (performance.now() - t0) / 1000;
  const audioSec = runs[0]?.audioSec ?? 0;
  const pooled = runs.length > 1;
  const rows: AblationRow[] = configs.map((c, k) => ({
    ...c,
    metrics: poolMetrics(runs.map((r) => r.rows[k]?.metrics as EvalMetrics)),
  }));
  const entries = runs.reduce((s, r) => s + r.entries, 0);
  const listJson = runs.map((r) => ({ file: r.file, entries: r.entries }));
  const listName = pooled
    ? `${runs.length} lists pooled (${runs.map((r) => displayPath(env, r.file as string)).join(', ')})`
    : runs[0]?.file
      ? displayPath(env, runs[0].file)
      : 'manifest entities';
  if (sweepFile !== undefined) {
    const points: SweepPoint[] = (runs[0]?.points ?? []).map((p, j) => ({
      ...p,
      rejected: runs.reduce((s, r) => s + (r.points[j]?.rejected ?? 0), 0),
      metrics: poolMetrics(runs.map((r) => r.points[j]?.metrics as EvalMetrics)),
    }));
    const title = `${displayPath(env, manifestFile)} — ${pooled ? `${runs.length} lists, ` : ''}${entries} entries — ${formatStages(ctx.stages, '+')}`;
    await writeFile(sweepFile, sweepSvg(points, title));
    await writeFile(
      sweepJsonPath(sweepFile),
      `${JSON.stringify({ manifest: manifestFile, lists: listJson, stages: ctx.stages, points: points.map(pointJson) }, null, 2)}\n`,
    );
    if (o.json) {
      env.stdout.write(`${JSON.stringify({ points: points.map(pointJson) }, null, 2)}\n`);
      return;
    }
    env.stdout.write(`${formatSweepTable(points)}\n`);
    env.stdout.write(
      `\nthreshold: nats per phone (inf = off); margin: nats over the heard words (-inf = off); ` +
        `P/R/F1, WER, U-WER in %. ${bestLines(points)} Curves: ${displayPath(env, sweepFile)}\n`,
    );
    return;
  }

  if (o.json) {
    const rowJson = (rs: readonly AblationRow[]) =>
      rs.map((r) => ({ label: r.label, kind: r.kind, stages: r.stages, metrics: r.metrics }));
    env.stdout.write(
      `${JSON.stringify(
        {
          manifest: manifestFile,
          list: pooled ? listJson : listJson[0],
          utterances: items.length,
          audioSec: Number(audioSec.toFixed(3)),
          wallSec: Number(wallSec.toFixed(3)),
          params: ctx.params,
          rows: rowJson(rows),
          ...(pooled
            ? {
                runs: runs.map((r) => ({
                  list: { file: r.file, entries: r.entries },
                  rows: rowJson(r.rows),
                  hypotheses: r.hypotheses,
                })),
              }
            : { hypotheses: runs[0]?.hypotheses ?? [] }),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  env.stdout.write(
    `${items.length} utterances (${audioSec.toFixed(1)} s of audio) from ${displayPath(env, manifestFile)}; ` +
      `list: ${pooled ? `${entries} entries in ` : `${entries} entries (`}${listName}${pooled ? '' : ')'}; decoded in ${wallSec.toFixed(1)} s\n\n`,
  );
  env.stdout.write(`${formatAblationTable(rows)}\n`);
  const byCategory = formatCategoryTable(rows);
  if (byCategory !== '') env.stdout.write(`\nBy list category:\n${byCategory}\n`);
  env.stdout.write(`\nWER, U-WER, B-WER and entity P/R/F1 in %. ${legend(ctx.stages)}\n`);
}

/** One decoding of the manifest with one list. */
interface ListRun {
  readonly file: string | null;
  readonly entries: number;
  readonly rows: readonly AblationRow[];
  readonly points: readonly SweepPoint[];
  readonly hypotheses: readonly { id: string; ref: string; hyp: Record<string, string> }[];
  readonly audioSec: number;
}

function legend(stages: StageSet): string {
  return `Stages: ${formatStages(stages, ', ')}.`;
}

const EMPTY_BEST = { tokens: [], text: '', words: [], score: 0, scores: {} };

function sweepJsonPath(svg: string): string {
  return `${svg.slice(0, -'.svg'.length)}.json`;
}

const numberJson = (x: number) => (Number.isFinite(x) ? x : x > 0 ? 'inf' : '-inf');

/** The precision a default must reach (issue 16: best F1 subject to precision ≥ 0.95). */
export const TARGET_PRECISION = 0.95;

function bestLines(points: readonly SweepPoint[]): string {
  const at = (p: SweepPoint) =>
    `${(100 * p.metrics.f1).toFixed(1)} (P ${(100 * p.metrics.precision).toFixed(1)}) at threshold ${numberJson(p.threshold)}, margin ${numberJson(p.margin)}`;
  const best = (ps: readonly SweepPoint[]) =>
    ps.reduce((a, b) => (b.metrics.f1 > a.metrics.f1 ? b : a));
  const precise = points.filter(
    (p) => p.metrics.precision >= TARGET_PRECISION && p.metrics.counts.tp > 0,
  );
  return (
    `Best F1: ${at(best(points))}. Best F1 at precision ≥ ${100 * TARGET_PRECISION} %: ` +
    `${precise.length > 0 ? at(best(precise)) : 'none (no point with an entity reaches it)'}.`
  );
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
