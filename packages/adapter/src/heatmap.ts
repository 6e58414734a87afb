import { CtcBiasError } from '@ctcbias/core';
import { type AttentionMatrix, NO_BIAS_LABEL } from './attention.js';

/** Options of {@link attentionHeatmapSvg}. */
export interface HeatmapOptions {
  /** Title line; default `Contextual adapter attention`. */
  readonly title?: string;
  /**
   * Most entry rows drawn besides `<no-bias>`; when the list is longer, the entries with the
   * highest peak attention are kept (in list order) and a note says how many were left out.
   * Default 40.
   */
  readonly maxEntries?: number;
  /** Pixels per frame; default fits the grid into about 1000 px (2 to 12 px). */
  readonly cellWidth?: number;
  /** Pixels per row; default 16. */
  readonly cellHeight?: number;
}

// Viridis, sampled at 9 points (0 → dark purple, 1 → yellow).
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];
const LEVELS = 64;
const COLORS: readonly string[] = Array.from({ length: LEVELS }, (_, i) =>
  colorAt(i / (LEVELS - 1)),
);

function colorAt(v: number): string {
  const x = Math.min(1, Math.max(0, v)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i] as readonly [number, number, number];
  const b = VIRIDIS[i + 1] as readonly [number, number, number];
  const hex = (k: 0 | 1 | 2) =>
    Math.round(a[k] + (b[k] - a[k]) * f)
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

function level(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * (LEVELS - 1));
}

/** Escapes text for XML content and attribute values. */
function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function truncateLabel(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** Tick spacing in seconds: the smallest nice step leaving at least `minPx` between ticks. */
function tickStep(pxPerSec: number, minPx: number): number {
  const steps = [0.04, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  return steps.find((s) => s * pxPerSec >= minPx) ?? 600;
}

/** Which matrix columns become rows: `<no-bias>` first, then entries by list order. */
function pickColumns(att: AttentionMatrix, maxEntries: number): number[] {
  const entries = Array.from({ length: att.columns - 1 }, (_, k) => k + 1);
  if (entries.length <= maxEntries) return [0, ...entries];
  const peak = (c: number) => {
    let m = 0;
    for (let t = 0; t < att.frames; t++)
      m = Math.max(m, att.weights[t * att.columns + c] as number);
    return m;
  };
  const peaks = new Map(entries.map((c) => [c, peak(c)]));
  const kept = [...entries]
    .sort((a, b) => (peaks.get(b) as number) - (peaks.get(a) as number) || a - b)
    .slice(0, maxEntries)
    .sort((a, b) => a - b);
  return [0, ...kept];
}

/**
 * Renders adapter attention as an SVG heatmap like the paper's figure: one row per `<no-bias>`
 * and list entry, one column per frame, a time axis in seconds and a 0–1 color scale. Pure: returns
 * the document as a string (write it with `writeAttentionHeatmap` from `@ctcbias/adapter/node`).
 *
 * ```ts
 * const svg = attentionHeatmapSvg(getAdapterAttention(out)!, { title: 'utt 17' });
 * svg.startsWith('<svg');   // true
 * ```
 *
 * Structure (stable, for tools and tests): each drawn row is a `<g class="row">` holding a
 * `<title>` with the full label, a `<text class="label">` and `<rect class="cell">`s — runs of
 * consecutive frames of equal color merged into one rect, so a row's cell widths add up to
 * `frames × cellWidth`. The root carries `data-frames` and `data-rows`.
 */
export function attentionHeatmapSvg(att: AttentionMatrix, options: HeatmapOptions = {}): string {
  const { frames, columns, weights } = att;
  if (
    !Number.isInteger(frames) ||
    frames < 0 ||
    !Number.isInteger(columns) ||
    columns < 1 ||
    weights.length !== frames * columns ||
    att.labels.length !== columns
  ) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      `attention matrix must be frames × columns with one label per column, got ${frames} × ${columns}, ` +
        `${weights.length} weights, ${att.labels.length} labels`,
    );
  }
  const maxEntries = options.maxEntries ?? 40;
  if (!Number.isInteger(maxEntries) || maxEntries < 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'maxEntries must be a non-negative integer', {
      value: maxEntries,
    });
  }
  const cw = options.cellWidth ?? Math.min(12, Math.max(2, Math.floor(1000 / Math.max(1, frames))));
  const ch = options.cellHeight ?? 16;
  const title = options.title ?? 'Contextual adapter attention';
  const shown = pickColumns(att, maxEntries);
  const hidden = columns - shown.length;
  const labels = shown.map((c) => (c === 0 ? NO_BIAS_LABEL : (att.labels[c] as string)));

  const labelChars = Math.max(...labels.map((l) => Math.min(32, [...l].length)));
  const left = 16 + Math.ceil(labelChars * 7.2);
  const top = 40;
  const gridW = frames * cw;
  const gridH = shown.length * ch;
  const barX = left + gridW + 24;
  const barH = Math.max(gridH, 60);
  const width = barX + 60;
  const axisY = top + gridH;
  const height = top + Math.max(gridH, barH) + 52 + (hidden > 0 ? 18 : 0);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" ` +
      `data-frames="${frames}" data-rows="${shown.length}">`,
  );
  out.push(`<title>${xml(title)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="22" font-size="14" font-weight="bold">${xml(title)}</text>`);

  shown.forEach((c, i) => {
    const y = top + i * ch;
    const label = labels[i] as string;
    out.push(`<g class="row" data-column="${c}">`);
    out.push(`<title>${xml(label)}</title>`);
    out.push(
      `<text class="label" x="${left - 6}" y="${num(y + ch * 0.72)}" text-anchor="end">` +
        `${xml(truncateLabel(label, 32))}</text>`,
    );
    let t = 0;
    while (t < frames) {
      const lv = level(weights[t * columns + c] as number);
      let end = t + 1;
      while (end < frames && level(weights[end * columns + c] as number) === lv) end++;
      out.push(
        `<rect class="cell" x="${left + t * cw}" y="${y}" width="${(end - t) * cw}" ` +
          `height="${ch}" fill="${COLORS[lv]}"/>`,
      );
      t = end;
    }
    out.push('</g>');
  });

  // Time axis: frame t spans [t, t + 1) × frameShiftSec.
  const pxPerSec = cw / att.frameShiftSec;
  const step = tickStep(pxPerSec, 48);
  const seconds = frames * att.frameShiftSec;
  out.push(`<g class="axis">`);
  out.push(
    `<line x1="${left}" y1="${axisY}" x2="${left + gridW}" y2="${axisY}" stroke="#000000"/>`,
  );
  for (let k = 0; k * step <= seconds + 1e-9; k++) {
    const s = k * step;
    const x = num(left + s * pxPerSec);
    out.push(`<line x1="${x}" y1="${axisY}" x2="${x}" y2="${axisY + 5}" stroke="#000000"/>`);
    out.push(`<text class="tick" x="${x}" y="${axisY + 18}" text-anchor="middle">${num(s)}</text>`);
  }
  out.push(
    `<text x="${num(left + gridW / 2)}" y="${axisY + 36}" text-anchor="middle">time (s)</text>`,
  );
  out.push('</g>');
  if (hidden > 0) {
    out.push(
      `<text class="note" x="${left}" y="${axisY + 54}">${hidden} more entries not shown ` +
        '(lowest peak attention)</text>',
    );
  }

  // Color scale, 1 at the top.
  out.push('<defs><linearGradient id="attention-scale" x1="0" y1="1" x2="0" y2="0">');
  VIRIDIS.forEach((_, i) => {
    const v = i / (VIRIDIS.length - 1);
    out.push(`<stop offset="${num(v)}" stop-color="${colorAt(v)}"/>`);
  });
  out.push('</linearGradient></defs>');
  out.push(`<g class="scale">`);
  out.push(
    `<rect x="${barX}" y="${top}" width="12" height="${barH}" fill="url(#attention-scale)" stroke="#000000"/>`,
  );
  for (const v of [0, 0.5, 1]) {
    out.push(`<text x="${barX + 16}" y="${num(top + (1 - v) * barH + 4)}">${num(v)}</text>`);
  }
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
