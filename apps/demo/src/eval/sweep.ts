import type { BiasingList, Candidate, Hypothesis } from '@ctcbias/core';
import { spliceEntries } from '../pipeline/acceptance.js';
import { computeMetrics, type EvalMetrics } from './metrics.js';

/** The thresholds `eval --sweep` reports (nats per phone; `Infinity` = the rule off). */
export const SWEEP_THRESHOLDS: readonly number[] = Object.freeze([
  0,
  0.25,
  0.5,
  0.75,
  1,
  1.25,
  1.5,
  1.75,
  2,
  2.5,
  3,
  4,
  6,
  Number.POSITIVE_INFINITY,
]);

/** One point of the precision/recall curve. */
export interface SweepPoint {
  readonly threshold: number;
  /** Candidates the rule drops at this threshold. */
  readonly rejected: number;
  readonly metrics: EvalMetrics;
}

/** One utterance, decoded with the rule off (`accept.threshold = Infinity`). */
export interface SweepItem {
  readonly ref: string;
  /** The decoding without the list (`TranscriptionResult.unbiased`). */
  readonly unbiased: Hypothesis;
  readonly candidates: readonly Candidate[];
}

/** Whether the rule keeps `c` at `threshold` (the same test as `accept`). */
export function keptAt(c: Candidate, threshold: number): boolean {
  if (c.reason === 'unbiased' || c.reason === 'unverified' || c.evidence === undefined) return true;
  return c.evidence.perPhone >= -threshold;
}

/**
 * The transcript the acceptance rule would give at `threshold`, from a decoding with the rule
 * off: the unbiased words with the candidates kept at that threshold put in.
 *
 * ```ts
 * // unbiased 'call james now'; candidate 'ames' (perPhone -2.4) over james's frames
 * textAt(unbiased, candidates, 3); // 'call ames now'
 * textAt(unbiased, candidates, 2); // 'call james now'
 * ```
 */
export function textAt(
  unbiased: Hypothesis,
  candidates: readonly Candidate[],
  threshold: number,
): string {
  return spliceEntries(
    unbiased,
    candidates.filter((c) => keptAt(c, threshold)),
  ).text;
}

/** Metrics at every threshold, from one decoding with the rule off. */
export function sweepThresholds(
  items: readonly SweepItem[],
  list: BiasingList,
  thresholds: readonly number[] = SWEEP_THRESHOLDS,
): SweepPoint[] {
  return thresholds.map((threshold) => ({
    threshold,
    rejected: items.reduce(
      (n, it) => n + it.candidates.filter((c) => !keptAt(c, threshold)).length,
      0,
    ),
    metrics: computeMetrics(
      items.map((it) => ({ ref: it.ref, hyp: textAt(it.unbiased, it.candidates, threshold) })),
      list,
    ),
  }));
}

/**
 * The precision/recall curve as a small self-contained SVG: recall on x, precision on y (both
 * 0–100 %), one labelled dot per threshold.
 */
export function sweepSvg(points: readonly SweepPoint[], title: string): string {
  const W = 420;
  const H = 340;
  const L = 50;
  const B = 40;
  const x = (r: number) => L + r * (W - L - 20);
  const y = (p: number) => H - B - p * (H - B - 30);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const label = (t: number) => (Number.isFinite(t) ? String(t) : 'off');
  const pts = points.map((p) => [x(p.metrics.recall), y(p.metrics.precision), p] as const);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="10">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="12">${esc(title)}</text>`,
    ...ticks.map(
      (t) =>
        `<line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" stroke="#ddd"/>` +
        `<text x="${L - 6}" y="${y(t) + 3}" text-anchor="end">${t * 100}</text>` +
        `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}" stroke="#ddd"/>` +
        `<text x="${x(t)}" y="${H - B + 14}" text-anchor="middle">${t * 100}</text>`,
    ),
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">entity recall (%)</text>`,
    `<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">entity precision (%)</text>`,
    `<polyline fill="none" stroke="#1f77b4" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`,
    ...pts.map(
      ([a, b, p]) =>
        `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="#1f77b4"/>` +
        `<text x="${(a + 5).toFixed(1)}" y="${(b - 4).toFixed(1)}" fill="#555">${label(p.threshold)}</text>`,
    ),
    '</svg>',
    '',
  ].join('\n');
}
