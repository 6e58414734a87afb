import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_ADAPTER_DIR } from '@ctcbias/adapter/node';
import { CtcBiasError } from '@ctcbias/core';
import { fileBytes } from '@ctcbias/core/node';
import { DEFAULT_MODEL_DIR, loadModel, readWav, verifyChecksums } from '@ctcbias/encoder/node';
import { loadCmuLexicon } from '@ctcbias/g2g/node';
import { DEFAULT_LM_PATH } from '@ctcbias/lm-boost/node';
import type { PipelineComponents } from './components.js';
import { composeComponents, loadModelTokenizer } from './compose.js';
import { JointPipeline } from './joint-pipeline.js';
import { type PipelineParamsInput, resolveParams } from './params.js';
import { importPlugins } from './plugins.js';
import { type StageRegistry, stageRegistry } from './registry.js';
import { parseStages, type StageSet } from './stage-set.js';

export { DEFAULT_ADAPTER_DIR, DEFAULT_MODEL_DIR };

/**
 * Where the pipeline's models come from — plain data, so worker threads can rebuild the same
 * pipeline from it.
 */
export interface PipelineSpec {
  /** CTC model directory (`model.json`, `model.onnx`, `tokens.json`, `tokenizer.model`); default: the embedded model. */
  readonly modelDir?: string;
  /** Contextual adapter directory (`adapter.json` + graphs); default: the embedded adapter. */
  readonly adapterDir?: string;
  /** n-gram LM: `.arpa` (text) or the binary format of @ctcbias/lm-boost; default: its embedded LM. */
  readonly lm?: string;
  /**
   * Files for other stages by stage name (a plugin's table, say), handed to the stage's `load` as
   * `env.file`; `lm` and `adapterDir` above are `files.lm` and `files.adapter`.
   */
  readonly files?: { readonly [stage: string]: string };
  /**
   * Modules to import before the stages are looked up (`--plugin`): each registers its stages
   * (`registerStage`) or default-exports a stage or an array of stages. Plain strings, so worker
   * threads import the same ones.
   */
  readonly plugins?: readonly string[];
  readonly params?: PipelineParamsInput;
  /** onnxruntime intra-op threads per session (set when several workers share the cores). */
  readonly threads?: number;
}

/** Options of {@link createPipeline}: a {@link PipelineSpec} plus the stages to enable. */
export interface CreatePipelineOptions extends PipelineSpec {
  /** A stage set, or a `--stages` string (`all`, `none`, `boost,lm`, …). */
  readonly stages: StageSet | string;
  /** The registry to read stages from (default: the default registry, with every registered plugin). */
  readonly registry?: StageRegistry;
}

/**
 * Loads the models and builds the joint pipeline.
 *
 * ```ts
 * const pipeline = await createPipeline({ stages: 'all' });         // embedded model + adapter + LM
 * const r = await pipeline.transcribe('call.wav', ['gorovitz', 'ibuprofen']);
 * r.text;   // 'call doctor gorovitz about the ibuprofen'
 * const plain = pipeline.withStages([]);                             // same models, no biasing
 * ```
 *
 * Throws MODEL_ERROR when the default model is not embedded (pass `modelDir`), and UNSUPPORTED
 * when an enabled stage cannot run (e.g. the model has no phone head), with the reason.
 */
export async function createPipeline(options: CreatePipelineOptions): Promise<JointPipeline> {
  const registry = options.registry ?? stageRegistry;
  await importPlugins(options.plugins ?? [], registry);
  const stages =
    typeof options.stages === 'string' ? parseStages(options.stages, registry) : options.stages;
  const params = resolveParams(options.params, registry);
  const components = await loadComponents(options, stages, registry);
  return new JointPipeline(components, { stages, params });
}

/** True when the embedded default model is present (`model.onnx` in `DEFAULT_MODEL_DIR`). */
export function defaultModelEmbedded(): boolean {
  return existsSync(join(DEFAULT_MODEL_DIR, 'model.onnx'));
}

/**
 * Loads what the `stages` need: the encoder and tokenizer (if the model has one) always, then
 * each requested stage through its registry entry's `load`, with the embedded adapter, LM and
 * g2p table as the default files (`files.adapter`, `files.lm`) and CMUdict + g2p as the shared
 * lexicon. Stages that were not requested or cannot run on this model are listed in
 * `unavailable` with the reason.
 */
export async function loadComponents(
  spec: PipelineSpec,
  stages: StageSet,
  registry: StageRegistry = stageRegistry,
): Promise<PipelineComponents> {
  const modelDir = spec.modelDir ?? DEFAULT_MODEL_DIR;
  if (spec.modelDir === undefined && !defaultModelEmbedded()) {
    throw new CtcBiasError(
      'MODEL_ERROR',
      'the default model is not embedded in this checkout yet (no model.onnx); pass --model DIR (a directory with model.json)',
      { file: DEFAULT_MODEL_DIR },
    );
  }
  const sessionOptions =
    spec.threads !== undefined
      ? { intraOpNumThreads: spec.threads, interOpNumThreads: 1 }
      : undefined;
  const encoder = await loadModel(modelDir, sessionOptions ? { sessionOptions } : {});
  const read = fileBytes('.');
  const tokenizer = await loadModelTokenizer(
    read,
    encoder.files.config === undefined ? modelDir : dirname(encoder.files.config),
    encoder,
    encoder.files.config,
  );
  const files: Record<string, string> = { lm: DEFAULT_LM_PATH, ...spec.files };
  if (spec.lm !== undefined) files.lm = spec.lm;
  if (spec.adapterDir !== undefined) files.adapter = spec.adapterDir;
  if (files.adapter === undefined && stages.includes('adapter')) {
    if (!existsSync(join(DEFAULT_ADAPTER_DIR, 'adapter.json'))) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        'the default adapter is not embedded in this checkout yet (no adapter.json); pass --adapter DIR',
        { file: DEFAULT_ADAPTER_DIR },
      );
    }
    files.adapter = DEFAULT_ADAPTER_DIR;
  }
  if (files.adapter !== undefined && stages.includes('adapter')) {
    await verifyChecksums(files.adapter);
  }
  return composeComponents(
    {
      encoder,
      ...(tokenizer ? { tokenizer } : {}),
      readAudio: async (path) => {
        const a = await readWav(path, { sampleRate: encoder.sampleRate });
        return { samples: a.samples, source: a.source };
      },
      read,
      files,
      pronunciations: () => loadCmuLexicon(),
      model: modelDir,
      ...(spec.threads !== undefined ? { threads: spec.threads } : {}),
      backend: 'node',
    },
    stages,
    registry,
  );
}
