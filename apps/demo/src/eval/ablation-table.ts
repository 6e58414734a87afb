import {
  type AblationConfig,
  formatStages,
  type StageRegistry,
  stageRegistry,
} from '@ctcbias/pipeline';
import type { EvalMetrics } from './metrics.js';

/** An ablation row: a configuration and its metrics. */
export interface AblationRow extends AblationConfig {
  readonly metrics: EvalMetrics;
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
export function formatAblationTable(
  rows: readonly AblationRow[],
  registry: StageRegistry = stageRegistry,
): string {
  const header = ['stages', 'WER', 'U-WER', 'B-WER', 'P', 'R', 'F1', 'FP'];
  const body = rows.map((r) => [
    r.label === 'all' && formatStages(r.stages, '+', registry) !== 'all'
      ? `all (${formatStages(r.stages, '+', registry)})`
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
