import { type BiasingList, createBiasingList } from '@ctcbias/core';
import { type AblationRow, ablationConfigs, formatAblationTable } from '../../eval/ablation.js';
import { readManifest } from '../../eval/manifest.js';
import { computeMetrics } from '../../eval/metrics.js';
import { formatStages, type StageSet } from '../../pipeline/stage-set.js';
import type { UtteranceJob } from '../../pipeline/utterance.js';
import type { ParsedOptions } from '../args.js';
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
 */
export async function evalCommand(env: CliEnv, o: ParsedOptions): Promise<void> {
  const ctx = await commandContext(env, o);
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
