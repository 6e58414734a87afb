import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCtcBiasError } from '@ctcbias/core';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { type AttentionMatrix, attentionHeatmapSvg, NO_BIAS_LABEL } from '../src/index.js';
import { writeAttentionHeatmap } from '../src/node.js';

/** A seeded attention matrix: frames × (1 + entries), rows summing to 1. */
function matrix(frames: number, entries: string[], seed = 1): AttentionMatrix {
  const columns = entries.length + 1;
  const weights = new Float32Array(frames * columns);
  let s = seed;
  for (let t = 0; t < frames; t++) {
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      s = (s * 16807) % 2147483647;
      const v = (s / 2147483647) ** 4 + (c === 0 ? 2 : 0);
      weights[t * columns + c] = v;
      sum += v;
    }
    for (let c = 0; c < columns; c++)
      weights[t * columns + c] = (weights[t * columns + c] as number) / sum;
  }
  return { weights, frames, columns, labels: [NO_BIAS_LABEL, ...entries], frameShiftSec: 0.04 };
}

/** Parses strictly: any XML error throws. */
function parse(svg: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      errors.push(`${level}: ${msg}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc;
}

function elements(root: { getElementsByTagName(n: string): ArrayLike<Element> }, tag: string) {
  return Array.from(root.getElementsByTagName(tag));
}

function rowsOf(svg: string): Element[] {
  return elements(parse(svg), 'g').filter((g) => g.getAttribute('class') === 'row');
}

describe('attentionHeatmapSvg', () => {
  it('draws one row per <no-bias> and entry, and cells spanning every frame', () => {
    const att = matrix(75, ['kate smith', 'ibuprofen', 'utzinger']);
    const svg = attentionHeatmapSvg(att, { cellWidth: 4, cellHeight: 10 });
    const doc = parse(svg);
    const root = doc.documentElement;
    expect(root?.tagName).toBe('svg');
    expect(root?.getAttribute('data-frames')).toBe('75');
    expect(root?.getAttribute('data-rows')).toBe('4');
    const rows = rowsOf(svg);
    expect(rows.map((g) => elements(g, 'text')[0]?.textContent)).toEqual([
      '<no-bias>',
      'kate smith',
      'ibuprofen',
      'utzinger',
    ]);
    for (const g of rows) {
      const cells = elements(g, 'rect');
      const width = cells.reduce((w, r) => w + Number(r.getAttribute('width')), 0);
      expect(width).toBe(75 * 4);
      // cells tile the row left to right without gaps
      let x = Number(cells[0]?.getAttribute('x'));
      for (const r of cells) {
        expect(Number(r.getAttribute('x'))).toBe(x);
        x += Number(r.getAttribute('width'));
      }
    }
  });

  it('colors cells by weight (viridis: 0 dark purple, 1 yellow)', () => {
    const att: AttentionMatrix = {
      weights: Float32Array.from([1, 0, 0, 1]),
      frames: 2,
      columns: 2,
      labels: [NO_BIAS_LABEL, 'kate'],
      frameShiftSec: 0.04,
    };
    const rows = rowsOf(attentionHeatmapSvg(att));
    const fills = rows.map((g) => elements(g, 'rect').map((r) => r.getAttribute('fill')));
    expect(fills).toEqual([
      ['#fde725', '#440154'],
      ['#440154', '#fde725'],
    ]);
  });

  it('merges runs of equal color into one cell', () => {
    const att: AttentionMatrix = {
      weights: Float32Array.from([1, 0, 1, 0, 1, 0, 0, 1]),
      frames: 4,
      columns: 2,
      labels: [NO_BIAS_LABEL, 'kate'],
      frameShiftSec: 0.04,
    };
    const rows = rowsOf(attentionHeatmapSvg(att, { cellWidth: 5 }));
    expect(
      rows.map((g) => elements(g, 'rect').map((r) => Number(r.getAttribute('width')))),
    ).toEqual([
      [15, 5],
      [15, 5],
    ]);
  });

  it('labels the time axis in seconds', () => {
    const svg = attentionHeatmapSvg(matrix(75, ['kate']), { cellWidth: 8 });
    const ticks = elements(parse(svg), 'text')
      .filter((t) => t.getAttribute('class') === 'tick')
      .map((t) => Number(t.textContent));
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBeLessThanOrEqual(3);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(2);
    expect(svg).toContain('time (s)');
  });

  it('escapes entry text', () => {
    const svg = attentionHeatmapSvg(matrix(3, ['<b>&"tom\'s"']));
    expect(rowsOf(svg).map((g) => elements(g, 'text')[0]?.textContent)[1]).toBe('<b>&"tom\'s"');
  });

  it('keeps the entries with the highest peak attention when the list is long', () => {
    const names = Array.from({ length: 50 }, (_, k) => `entry${k}`);
    const att = matrix(20, names);
    // entry 33 peaks at 0.9 in frame 5
    for (let c = 0; c < att.columns; c++)
      att.weights[5 * att.columns + c] = c === 34 ? 0.9 : 0.1 / 50;
    const svg = attentionHeatmapSvg(att, { maxEntries: 5 });
    const labels = rowsOf(svg).map((g) => elements(g, 'text')[0]?.textContent);
    expect(labels).toHaveLength(6);
    expect(labels[0]).toBe(NO_BIAS_LABEL);
    expect(labels).toContain('entry33');
    const order = labels.slice(1).map((l) => Number(l?.slice(5)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(svg).toContain('45 more entries not shown');
  });

  it('rejects a malformed matrix', () => {
    const att = { ...matrix(3, ['kate']), labels: [NO_BIAS_LABEL] };
    let error: unknown;
    try {
      attentionHeatmapSvg(att);
    } catch (e) {
      error = e;
    }
    expect(isCtcBiasError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('writeAttentionHeatmap writes the same SVG to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctcbias-heatmap-'));
    try {
      const att = matrix(10, ['kate']);
      await writeAttentionHeatmap(join(dir, 'a.svg'), att, { title: 'utt 1' });
      expect(readFileSync(join(dir, 'a.svg'), 'utf8')).toBe(
        attentionHeatmapSvg(att, { title: 'utt 1' }),
      );
      await expect(writeAttentionHeatmap(join(dir, 'missing', 'a.svg'), att)).rejects.toThrow(
        /missing\/a\.svg: cannot write attention heatmap/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
