import { STAGE_NAMES, type StageName } from '@ctcbias/core';
import { formatStages, type StageSet, stageSet } from '../pipeline/stage-set.js';
import type { EvalMetrics } from './metrics.js';

/** One configuration of an ablation: a label and the stages it enables. */
export interface AblationConfig {
  /** `none`, a stage name (alone), `a+b` (cumulative), `all`, or `all-stage` (leave one out). */
  readonly label: string;
  readonly kind: 'none' | 'alone' | 'cumulative' | 'all' | 'without';
  readonly stages: StageSet;
}

/** An ablation row: a configuration and its metrics. */
export interface AblationRow extends AblationConfig {
  readonly metrics: EvalMetrics;
}

/**
 * Order in which the cumulative rows add stages, as in the paper's tables: encoder side first,
 * then the decoder-side techniques, g2g last (it feeds variants/pronunciations to the others).
 */
export const CUMULATIVE_ORDER: readonly StageName[] = Object.freeze([
  'adapter',
  'boost',
  'lm',
  'phonetic',
  'lexicon',
  'g2g',
]);

/**
 * The configurations of an ablation over the `available` stages: `none`; each stage alone;
 * cumulative (`adapter`, `+boost`, `+lm`, …) in {@link CUMULATIVE_ORDER}; `all` (every
 * available stage); then, with two or more stages, `all-<stage>` for each (leave one out: what
 * the stage adds to all the others). Apart from the leave-one-out rows, a configuration equal to
 * an earlier one is left out; `eval` decodes each distinct stage set once.
 *
 * ```ts
 * ablationConfigs(['adapter', 'boost', 'lm']).map((c) => c.label);
 * // ['none', 'adapter', 'boost', 'lm', 'adapter+boost', 'all',
 * //  'all-adapter', 'all-boost', 'all-lm']
 * ```
 */
export function ablationConfigs(available: StageSet): AblationConfig[] {
  const configs: AblationConfig[] = [];
  const seen = new Set<string>();
  const add = (label: string, kind: AblationConfig['kind'], stages: StageSet) => {
    const key = stages.join(',');
    if (seen.has(key)) return;
    seen.add(key);
    configs.push({ label, kind, stages });
  };
  const order = CUMULATIVE_ORDER.filter((s) => available.includes(s));
  const all = stageSet(available);
  add('none', 'none', []);
  for (const s of all) add(s, 'alone', [s]);
  // The last cumulative step equals `all`; it is emitted as `all` below.
  for (let k = 2; k < order.length; k++) {
    add(order.slice(0, k).join('+'), 'cumulative', stageSet(order.slice(0, k)));
  }
  if (all.length > 0) {
    seen.delete(all.join(','));
    add('all', 'all', all);
  }
  if (all.length > 1) {
    for (const s of all) {
      configs.push({ label: `all-${s}`, kind: 'without', stages: all.filter((x) => x !== s) });
    }
  }
  return configs;
}

const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : 'inf');

/**
 * The ablation as a fixed-width text table (percentages, one decimal), like the paper's, plus
 * the number of false entities (FP), so that "precision 0" with one false entity and with fifty
 * read differently:
 *
 * ```text
 * stages          WER  U-WER  B-WER     P     R    F1  FP
 * none           12.3   10.1   45.0  90.0  40.0  55.4   2
 * boost          11.0   10.2   30.0  88.0  62.0  72.7   4
 * ```
 */
export function formatAblationTable(rows: readonly AblationRow[]): string {
  const header = ['stages', 'WER', 'U-WER', 'B-WER', 'P', 'R', 'F1', 'FP'];
  const body = rows.map((r) => [
    r.label === 'all' && r.stages.length < STAGE_NAMES.length
      ? `all (${formatStages(r.stages, '+')})`
      : r.label,
    pct(r.metrics.wer),
    pct(r.metrics.uWer),
    pct(r.metrics.bWer),
    pct(r.metrics.precision),
    pct(r.metrics.recall),
    pct(r.metrics.f1),
    String(r.metrics.counts.fp),
  ]);
  return formatTable(header, body);
}

/**
 * Entity precision / recall / F1 per list category (`[person]`, `[place]`, …), one row per
 * configuration; empty when the list has no categories.
 *
 * ```text
 * stages    person P  person R  person F1  drug P  drug R  drug F1
 * none         100.0       2.0        3.9   100.0     0.0      0.0
 * ```
 */
export function formatCategoryTable(rows: readonly AblationRow[]): string {
  const categories = [...new Set(rows.flatMap((r) => Object.keys(r.metrics.byCategory)))];
  if (categories.length === 0) return '';
  const header = ['stages', ...categories.flatMap((c) => [`${c} P`, `${c} R`, `${c} F1`])];
  const body = rows.map((r) => [
    r.label,
    ...categories.flatMap((c) => {
      const s = r.metrics.byCategory[c];
      return s === undefined ? ['-', '-', '-'] : [pct(s.precision), pct(s.recall), pct(s.f1)];
    }),
  ]);
  return formatTable(header, body);
}

/** Fixed-width table: first column left-aligned, the others right-aligned. */
export function formatTable(
  header: readonly string[],
  body: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
