/**
 * `@ctcbias/adapter/node` — the Node-only part of the package: loading adapters from directories
 * (including the embedded default) and writing heatmap files.
 *
 * ```ts
 * import { ContextualAdapter, getAdapterAttention } from '@ctcbias/adapter';
 * import { loadDefaultAdapter, writeAttentionHeatmap } from '@ctcbias/adapter/node';
 * ```
 */
export { DEFAULT_ADAPTER_DIR, loadDefaultAdapter } from './default-adapter.js';
export { writeAttentionHeatmap } from './heatmap-file.js';
export type { LoadAdapterModelOptions, LoadAdapterOptions } from './load.js';
export { ADAPTER_CONFIG_FILE, loadAdapter, loadAdapterModel } from './load.js';
