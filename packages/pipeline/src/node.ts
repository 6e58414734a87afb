/**
 * `@ctcbias/pipeline/node` — the joint model over files on disk: `createPipeline` loads a model
 * directory (checksums verified) or the embedded default model, with the embedded adapter, LM and
 * g2p table as the stages' default files; audio by path is any WAV. Everything else is in the
 * browser-safe main entry.
 *
 * ```ts
 * import { createPipeline } from '@ctcbias/pipeline/node';
 * const pipeline = await createPipeline({ stages: 'all', params: { lm: { alpha: 0.4 } } });
 * const r = await pipeline.transcribe('call.wav', ['gorovitz', 'ibuprofen']);
 * ```
 */
export type { CreatePipelineOptions, PipelineSpec } from './load.js';
export {
  createPipeline,
  DEFAULT_ADAPTER_DIR,
  DEFAULT_MODEL_DIR,
  defaultModelEmbedded,
  loadComponents,
} from './load.js';
