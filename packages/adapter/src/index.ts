/**
 * `@ctcbias/adapter` — contextual adapter inference (Dingliwal et al. 2022 §3.1): biases CTC
 * subword posteriors toward a list of entries, and draws its attention as a heatmap.
 *
 * This entry reads no files and imports no Node built-ins (onnxruntime packages are imported
 * lazily by backend name). Loading from directories and writing heatmap files live in
 * `@ctcbias/adapter/node`.
 */
export type { AdapterConfig } from './adapter-config.js';
export { parseAdapterConfig } from './adapter-config.js';
export type { AdapterFiles, AdapterModel, AdapterModelOptions } from './adapter-model.js';
export {
  BIASER_IO,
  checkAdapterModel,
  createAdapterModel,
  ENTRY_ENCODER_IO,
} from './adapter-model.js';
export type { AdaptedEncoderOutput, AttentionMatrix } from './attention.js';
export { getAdapterAttention, NO_BIAS_LABEL } from './attention.js';
export type { Backend, BackendChoice, OrtModule, SessionOptions } from './backend.js';
export type { ContextualAdapterOptions, ListEmbedding } from './contextual-adapter.js';
export { ContextualAdapter } from './contextual-adapter.js';
export type { EntryRows, EntryTokenizations } from './entry-rows.js';
export { entryRows } from './entry-rows.js';
export type { HeatmapOptions } from './heatmap.js';
export { attentionHeatmapSvg } from './heatmap.js';
export type { OnnxSession } from './onnx-session.js';
