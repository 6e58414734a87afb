import type { BiasingList, Candidate, Hypothesis } from '@ctcbias/core';
import { type AcceptanceRule, passes, spliceEntries } from '@ctcbias/pipeline';
import { computeMetrics, type EvalMetrics } from './metrics.js';

/** The thresholds `eval --sweep` reports (nats per phone; `Infinity` = that test off). */
export const SWEEP_THRESHOLDS: readonly number[] = Object.freeze([
  0,
  0.5,
  0.75,
  1,
  1.25,
  1.5,
  2,
  3,
  Number.POSITIVE_INFINITY,
]);

/** The margins `eval --sweep` reports (nats over the heard words; `-Infinity` = that test off). */
export const SWEEP_MARGINS: readonly number[] = Object.freeze([
  Number.NEGATIVE_INFINITY,
  -4,
  -2,
  -1,
  0,
  1,
  2,
  4,
]);

/** One point of the precision/recall surface. */
export interface SweepPoint {
  readonly threshold: number;
  readonly margin: number;
  /** Candidates the rule drops at this point. */
  readonly rejected: number;
  readonly metrics: EvalMetrics;
}

/** One utterance, decoded with the rule off (`threshold = Infinity`, `margin = -Infinity`). */
export interface SweepItem {
  readonly ref: string;
  /** The decoding without the list (`TranscriptionResult.unbiased`). */
  readonly unbiased: Hypothesis;
  readonly candidates: readonly Candidate[];
}

/** Whether the rule keeps `c` (the same test as `accept`). */
export function keptAt(c: Candidate, rule: AcceptanceRule): boolean {
  if (c.reason === 'unbiased' || c.reason === 'unverified' || c.evidence === undefined) return true;
  return passes(c.evidence, rule);
}

/**
 * The transcript the acceptance rule would give, from a decoding with the rule off: the
 * unbiased words with the candidates kept by `rule` put in.
 *
 * ```ts
 * // unbiased 'call james now'; candidate 'ames' (perPhone -2.4, vsHeard -5) over james's frames
 * textAt(unbiased, candidates, { threshold: 3, margin: -Infinity, minPhones: 0 }); // 'call ames now'
 * textAt(unbiased, candidates, { threshold: 3, margin: 0, minPhones: 0 }); // 'call james now'
 * ```
 */
export function textAt(
  unbiased: Hypothesis,
  candidates: readonly Candidate[],
  rule: AcceptanceRule,
): string {
  return spliceEntries(
    unbiased,
    candidates.filter((c) => keptAt(c, rule)),
  ).text;
}

/**
 * Metrics at every (margin, threshold) pair, from one decoding with the rule off; the rule's
 * `minPhones` stays at the given value (sweep it by running the sweep per value).
 */
export function sweepRule(
  items: readonly SweepItem[],
  list: BiasingList,
  minPhones: number,
  thresholds: readonly number[] = SWEEP_THRESHOLDS,
  margins: readonly number[] = SWEEP_MARGINS,
): SweepPoint[] {
  return margins.flatMap((margin) =>
    thresholds.map((threshold) => {
      const rule = { threshold, margin, minPhones };
      return {
        threshold,
        margin,
        rejected: items.reduce(
          (n, it) => n + it.candidates.filter((c) => !keptAt(c, rule)).length,
          0,
        ),
        metrics: computeMetrics(
          items.map((it) => ({ ref: it.ref, hyp: textAt(it.unbiased, it.candidates, rule) })),
          list,
        ),
      };
    }),
  );
}

/**
 * The precision/recall curves as a small self-contained SVG: recall on x, precision on y (both
 * 0–100 %), one coloured curve per margin (legend on the right), one dot per threshold, labelled
 * on the first curve.
 */
export function sweepSvg(points: readonly SweepPoint[], title: string): string {
  const W = 520;
  const H = 340;
  const L = 50;
  const R = 120;
  const B = 40;
  const x = (r: number) => L + r * (W - L - R);
  const y = (p: number) => H - B - p * (H - B - 30);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const label = (t: number) => (Number.isFinite(t) ? String(t) : t > 0 ? 'inf' : '-inf');
  const colours = [
    '#1f77b4',
    '#ff7f0e',
    '#2ca02c',
    '#d62728',
    '#9467bd',
    '#8c564b',
    '#e377c2',
    '#7f7f7f',
  ];
  const margins = [...new Set(points.map((p) => p.margin))];
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const curves = margins.map((m, k) => {
    const colour = colours[k % colours.length] as string;
    const pts = points
      .filter((p) => p.margin === m)
      .map((p) => [x(p.metrics.recall), y(p.metrics.precision), p] as const);
    return [
      `<polyline fill="none" stroke="${colour}" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`,
      ...pts.map(
        ([a, b, p]) =>
          `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="2.5" fill="${colour}"/>` +
          (k === 0
            ? `<text x="${(a + 5).toFixed(1)}" y="${(b - 4).toFixed(1)}" fill="#555">${label(p.threshold)}</text>`
            : ''),
      ),
      `<line x1="${W - R + 10}" y1="${40 + 14 * k}" x2="${W - R + 28}" y2="${40 + 14 * k}" stroke="${colour}" stroke-width="2"/>` +
        `<text x="${W - R + 32}" y="${44 + 14 * k}">margin ${label(m)}</text>`,
    ].join('\n');
  });
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
    `<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">entity recall (%)</text>`,
    `<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">entity precision (%)</text>`,
    `<text x="${W - R + 10}" y="28">dots: threshold</text>`,
    ...curves,
    '</svg>',
    '',
  ].join('\n');
}
