/**
 * `@ctcbias/pipeline` — the joint model of ctcbias as a library: an open registry of biasing
 * stages (six built in: g2g, adapter, boost, lm, phonetic, lexicon; plugins join with one call),
 * their composition into one pipeline switchable by name, the acceptance rule, and the ablation.
 *
 * This entry is browser-safe (no `node:` import; `createPipelineFrom` reads through a
 * `ReadBytes`); `@ctcbias/pipeline/node` adds `createPipeline` over model directories and the
 * embedded model, adapter, LM and g2p table.
 *
 * ```ts
 * import { createPipeline } from '@ctcbias/pipeline/node';
 * const pipeline = await createPipeline({ stages: 'all' });
 * const r = await pipeline.transcribe('call.wav', ['gorovitz', 'ibuprofen']);
 * r.text;                                                       // biased transcript
 * r.candidates;                                                 // entries proposed, accepted or not, and why
 * (await pipeline.withStages([]).transcribe('call.wav')).text;  // plain beam search, no LM
 * ```
 */
export type { AblationConfig } from './ablation.js';
export { ablationConfigs } from './ablation.js';
export type {
  AcceptanceInput,
  AcceptanceResult,
  AcceptanceRule,
  EntrySpan,
} from './acceptance.js';
export { accept, findEntrySpans, passes, spliceEntries } from './acceptance.js';
export type { BuiltinStageParams } from './builtin/index.js';
export {
  adapterStage,
  BUILTIN_STAGES,
  boostStage,
  g2gStage,
  lexiconStage,
  lmStage,
  phoneticStage,
} from './builtin/index.js';
export type { LanguageModelStageDefinition } from './builtin/lm.js';
export { languageModelStage } from './builtin/lm.js';
export type {
  AudioEncoder,
  AudioInput,
  BeamDecoder,
  PipelineComponents,
  StageProviders,
} from './components.js';
export type { ComponentSources } from './compose.js';
export { composeComponents, loadModelTokenizer } from './compose.js';
export { withConfidences } from './confidence.js';
export { filePath } from './file-path.js';
export type {
  JointPipelineOptions,
  PreparedList,
  StageTrace,
  TranscriptionResult,
} from './joint-pipeline.js';
export { JointPipeline } from './joint-pipeline.js';
export { candidateJson, hypothesisJson } from './json.js';
export type { CreatePipelineFromOptions } from './load-from.js';
export { createPipelineFrom } from './load-from.js';
export { checkOption, defaultsOf, describe as describeOption } from './options.js';
export type { CoreParams, PipelineParams, PipelineParamsInput } from './params.js';
export {
  ACCEPT_OPTIONS,
  applyParamOverride,
  BEAM_OPTIONS,
  DEFAULT_PIPELINE_PARAMS,
  LIST_OPTIONS,
  optionsSchemaOf,
  PIPELINE_OPTIONS,
  parameterGroups,
  resolveParams,
} from './params.js';
export { availableStages, importPlugins } from './plugins.js';
export { phraseSegmentations, pronounceList, tokenizeList } from './prepare-list.js';
export { registerStage, StageRegistry, stageRegistry } from './registry.js';
export { scorerCompiler } from './scorer-compiler.js';
export type { StageSet } from './stage-set.js';
export { formatStages, parseStages, stageSet } from './stage-set.js';
export type { StreamOptions, StreamSegment, StreamWord, TranscriptionStream } from './stream.js';
export { createStream } from './stream.js';
export type { ConfigOutput, UtteranceJob, UtteranceResult } from './utterance.js';
export { pipelineCache, runUtterance } from './utterance.js';
