/**
 * `@ctcbias/demo` — the joint model of ctcbias: every stage (g2g, adapter, boost, lm, phonetic,
 * lexicon) composed into one pipeline and switchable by name, the `ctcbias` CLI, evaluation with
 * the ablation table, and the demo.
 *
 * ```ts
 * import { createPipeline } from '@ctcbias/demo';
 * const pipeline = await createPipeline({ stages: 'all' });
 * const r = await pipeline.transcribe('call.wav', ['gorovitz', 'ibuprofen']);
 * r.text;                                                       // biased transcript
 * (await pipeline.withStages([]).transcribe('call.wav')).text;  // plain beam search, no LM
 * ```
 */
export type { Command, ParsedCommandLine, ParsedOptions } from './cli/args.js';
export { parseCommandLine, UsageError, usage } from './cli/args.js';
export type { CliEnv } from './cli/context.js';
export { processEnv, runCli } from './cli/main.js';
export type { AblationConfig, AblationRow } from './eval/ablation.js';
export {
  ablationConfigs,
  CUMULATIVE_ORDER,
  formatAblationTable,
  formatTable,
} from './eval/ablation.js';
export type { ManifestItem } from './eval/manifest.js';
export { parseManifest, readManifest } from './eval/manifest.js';
export type { EvalMetrics } from './eval/metrics.js';
export { computeMetrics } from './eval/metrics.js';
export type {
  AttentionMap,
  AttentionTools,
  AudioEncoder,
  BeamDecoder,
  PipelineComponents,
  ScorerStage,
  StageImplementations,
  StageProviders,
} from './pipeline/components.js';
export type {
  JointPipelineOptions,
  PreparedList,
  StageTrace,
  TranscriptionResult,
} from './pipeline/joint-pipeline.js';
export { JointPipeline } from './pipeline/joint-pipeline.js';
export type { CreatePipelineOptions, PipelineSpec } from './pipeline/load.js';
export {
  availableStages,
  createPipeline,
  DEFAULT_ADAPTER_DIR,
  DEFAULT_MODEL_DIR,
  defaultModelEmbedded,
  loadComponents,
} from './pipeline/load.js';
export type { PipelineParams, PipelineParamsInput } from './pipeline/params.js';
export { applyParamOverride, DEFAULT_PIPELINE_PARAMS, resolveParams } from './pipeline/params.js';
export { phraseSegmentations, pronounceList, tokenizeList } from './pipeline/prepare-list.js';
export type { StageSet } from './pipeline/stage-set.js';
export {
  ALL_STAGES,
  formatStages,
  isStageName,
  parseStages,
  stageSet,
} from './pipeline/stage-set.js';
export type { ConfigOutput, UtteranceJob, UtteranceResult } from './pipeline/utterance.js';
export { pipelineCache, runUtterance } from './pipeline/utterance.js';
export { SAMPLES_DIR, SAMPLES_LIST, SAMPLES_MANIFEST } from './samples.js';
