import { writeFile } from 'node:fs/promises';
import { CtcBiasError } from '@ctcbias/core';
import type { AttentionMatrix } from './attention.js';
import { attentionHeatmapSvg, type HeatmapOptions } from './heatmap.js';

/**
 * Writes {@link attentionHeatmapSvg} of `attention` to `file` (Node). IO_ERROR naming the file on
 * failure.
 *
 * ```ts
 * const att = getAdapterAttention(biased);
 * if (att) await writeAttentionHeatmap('call.attention.svg', att, { title: 'call.wav' });
 * ```
 */
export async function writeAttentionHeatmap(
  file: string,
  attention: AttentionMatrix,
  options: HeatmapOptions = {},
): Promise<void> {
  const svg = attentionHeatmapSvg(attention, options);
  try {
    await writeFile(file, svg, 'utf8');
  } catch (cause) {
    throw new CtcBiasError('IO_ERROR', 'cannot write attention heatmap', { file, cause });
  }
}
