import { fetchBytes, parseBiasingList } from '@ctcbias/core';
import { DEFAULT_TABLE_URL } from '@ctcbias/g2g';
import {
  createPipelineFrom,
  type JointPipeline,
  type TranscriptionResult,
} from '@ctcbias/pipeline';
import * as ort from 'onnxruntime-web';

/** Where the page's assets are, relative to the page (see vite.config.ts). */
const ASSETS = {
  model: 'default-model',
  files: { adapter: 'default-adapter', lm: 'default-lm.bin', g2g: DEFAULT_TABLE_URL.href },
};

/**
 * The joint model with every stage, on onnxruntime-web (single-threaded WebAssembly: threads need
 * cross-origin isolation, which a plain static host does not give), from the page's assets.
 */
export async function loadPagePipeline(page: URL): Promise<JointPipeline> {
  ort.env.wasm.wasmPaths = new URL('ort/', page).href;
  ort.env.wasm.numThreads = 1;
  return createPipelineFrom({
    read: fetchBytes(new URL('assets/', page)),
    model: ASSETS.model,
    files: ASSETS.files,
    stages: 'all',
    backend: 'web',
  });
}

/** Plain (no biasing) and biased transcripts of the same audio: encoded once, decoded twice. */
export interface BothTranscripts {
  readonly plain: TranscriptionResult;
  readonly biased: TranscriptionResult;
  readonly ms: number;
}

/**
 * Decodes `samples` (mono, at the model's rate) without and with the list typed in the page (the
 * list-file format: one entry per line, `:weight`, `[category]`; a parse error names the line).
 */
export async function transcribeBoth(
  pipeline: JointPipeline,
  samples: Float32Array,
  listText: string,
): Promise<BothTranscripts> {
  const t0 = performance.now();
  const list = parseBiasingList(listText, 'the list');
  const encoded = await pipeline.encode(samples);
  const plainPipeline = pipeline.withStages([]);
  const plain = await plainPipeline.decode(encoded, plainPipeline.prepareList([]));
  const biased = await pipeline.decode(encoded, pipeline.prepareList(list));
  return { plain, biased, ms: performance.now() - t0 };
}
