import type { ReadBytes } from '@ctcbias/core';
import { decodeWav, loadModelFrom } from '@ctcbias/encoder';
import { cmuLexiconFromTable } from '@ctcbias/g2g';
import { composeComponents, loadModelTokenizer } from './compose.js';
import { filePath } from './file-path.js';
import { JointPipeline } from './joint-pipeline.js';
import { type PipelineParamsInput, resolveParams } from './params.js';
import { importPlugins } from './plugins.js';
import { type StageRegistry, stageRegistry } from './registry.js';
import { parseStages, type StageSet } from './stage-set.js';

/** Options of {@link createPipelineFrom}. */
export interface CreatePipelineFromOptions {
  /** Reads every file below: `fetchBytes(baseUrl)` in a browser, or your own {@link ReadBytes}. */
  readonly read: ReadBytes;
  /** The model directory for `read` (`model.json`, `model.onnx`, `tokens.json`, `tokenizer.model`). */
  readonly model: string;
  /**
   * Each stage's file or directory for `read`, by stage name: `adapter` (the adapter directory),
   * `lm` (`.arpa`, `.arpa.gz` or binary), `g2g` (the g2p table; with it CMUdict joins as the
   * shared pronunciation lexicon, which `g2g`, `phonetic` and `lexicon` use), a plugin's.
   */
  readonly files?: { readonly [stage: string]: string };
  /** A stage set, or a `--stages` string (`all`, `none`, `boost,lm`, …). */
  readonly stages: StageSet | string;
  readonly params?: PipelineParamsInput;
  readonly registry?: StageRegistry;
  /** Plugin modules to import first (see `importPlugins`). */
  readonly plugins?: readonly string[];
  /** onnxruntime build; default `'web'` (WebAssembly). */
  readonly backend?: 'node' | 'web';
}

/**
 * Builds the joint pipeline from files read through `read` — the browser's way (no `node:`
 * import anywhere below this entry). Audio given by path is read through `read` too and must be
 * WAV; samples at the model's rate can be passed directly.
 *
 * ```ts
 * import { fetchBytes } from '@ctcbias/core';
 * import { createPipelineFrom } from '@ctcbias/pipeline';
 *
 * const pipeline = await createPipelineFrom({
 *   read: fetchBytes('/assets/'),
 *   model: 'default-model',
 *   files: { adapter: 'default-adapter', lm: 'default-lm.bin', g2g: 'g2p-table.bin' },
 *   stages: 'all',
 * });
 * const r = await pipeline.transcribe(samples, ['gorovitz']);   // Float32Array at 16 kHz
 * ```
 */
export async function createPipelineFrom(
  options: CreatePipelineFromOptions,
): Promise<JointPipeline> {
  const registry = options.registry ?? stageRegistry;
  await importPlugins(options.plugins ?? [], registry);
  const stages =
    typeof options.stages === 'string' ? parseStages(options.stages, registry) : options.stages;
  const params = resolveParams(options.params, registry);
  const { read, model } = options;
  const backend = options.backend ?? 'web';
  const encoder = await loadModelFrom((path) => read(filePath(model, path)), {
    backend,
    locate: (path) => filePath(model, path),
  });
  const tokenizer = await loadModelTokenizer(read, model, encoder);
  const files = options.files ?? {};
  const table = files.g2g;
  const components = await composeComponents(
    {
      encoder,
      ...(tokenizer ? { tokenizer } : {}),
      readAudio: async (path) => {
        const a = decodeWav(await read(path), path, { sampleRate: encoder.sampleRate });
        return { samples: a.samples, source: a.source };
      },
      read,
      files,
      pronunciations: async () =>
        table === undefined ? undefined : cmuLexiconFromTable(await read(table), { source: table }),
      model,
      backend,
    },
    stages,
    registry,
  );
  return new JointPipeline(components, { stages, params });
}
