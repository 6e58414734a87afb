import type {
  BiasingList,
  Candidate,
  Hypothesis,
  NBest,
  Posteriors,
  VocabularyJson,
} from '@ctcbias/core';
import type { AudioInput } from './components.js';
import type { JointPipeline, StageTrace } from './joint-pipeline.js';
import { formatStages, type StageSet } from './stage-set.js';

/**
 * One utterance to decode under one or more stage sets (several for an ablation: the encoder
 * runs once, each stage set decodes its output).
 */
export interface UtteranceJob {
  readonly id: string;
  /** WAV path. */
  readonly audio: string;
  readonly configs: readonly StageSet[];
  /** Keep the final subword posteriors of each config (for `--save-posteriors`). */
  readonly keepPosteriors?: boolean;
  /** Draw the adapter attention of each config as an SVG heatmap (for `--heatmap`). */
  readonly heatmap?: boolean;
}

/** The decoding of one utterance under one stage set. */
export interface ConfigOutput {
  readonly stages: StageSet;
  readonly text: string;
  readonly best: Hypothesis;
  /** List entries the stages proposed, accepted or rejected (see `TranscriptionResult`). */
  readonly candidates: readonly Candidate[];
  /** The decoding without the list that `best` is made from (see `TranscriptionResult`). */
  readonly unbiased: Hypothesis;
  readonly nbest: NBest;
  readonly perStage: readonly StageTrace[];
  /** List entries the model cannot spell, left out of this decoding (`PreparedList.skipped`). */
  readonly skippedEntries: readonly string[];
  /** How the list was prepared, the first time (`PreparedList.trace`: each list expander, `tokenize`). */
  readonly listTrace: readonly StageTrace[];
  readonly posteriors?: Posteriors;
  /** SVG heatmap of `attention`, when the job asked for it and the adapter reported attention. */
  readonly heatmapSvg?: string;
}

/** Everything decoded for one {@link UtteranceJob}. */
export interface UtteranceResult {
  readonly id: string;
  readonly audio: string;
  /** Audio length in seconds. */
  readonly durationSec: number;
  /** The model's input sample rate (the audio was converted to it). */
  readonly sampleRate: number;
  /** Seconds per posterior frame (word times are frames × this). */
  readonly frameShiftSec: number;
  /** Time spent reading the WAV and running the encoder. */
  readonly encoderMs: number;
  /** Total processing time (encoder + every config). */
  readonly totalMs: number;
  readonly outputs: readonly ConfigOutput[];
  /** The model's vocabulary, when the job kept posteriors. */
  readonly vocabulary?: VocabularyJson;
  /** What the file held, when the reader says (rate, channels, encoding before conversion). */
  readonly source?: AudioInput['source'];
}

/**
 * Runs one job: reads the audio, encodes it once, decodes it with `pipelineFor(stages)` for each
 * config. `pipelineFor` must return pipelines over the same components (see `withStages`).
 */
export async function runUtterance(
  job: UtteranceJob,
  list: BiasingList,
  pipelineFor: (stages: StageSet) => JointPipeline,
): Promise<UtteranceResult> {
  const t0 = performance.now();
  const first = pipelineFor(job.configs[0] ?? []);
  const { samples, source } = await first.components.encoder.readAudio(job.audio);
  const output = await first.encode(samples);
  const encoderMs = performance.now() - t0;
  const outputs: ConfigOutput[] = [];
  for (const stages of job.configs) {
    const pipeline = pipelineFor(stages);
    const tList = performance.now();
    const prepared = pipeline.prepareList(list); // cached after the first utterance
    const prepareMs = performance.now() - tList;
    const r = await pipeline.decode(output, prepared);
    const o: { -readonly [K in keyof ConfigOutput]: ConfigOutput[K] } = {
      stages,
      text: r.text,
      best: r.best,
      candidates: r.candidates,
      unbiased: r.unbiased,
      nbest: r.nbest,
      perStage: [{ step: 'prepare-list', ms: prepareMs }, ...r.perStage],
      skippedEntries: prepared.skipped,
      listTrace: prepared.trace,
    };
    const tools = pipeline.components.attention;
    if (job.heatmap && r.attention && tools) {
      o.heatmapSvg = tools.heatmapSvg(
        r.attention,
        `${job.id} — ${formatStages(stages, '+', pipeline.registry)}`,
      );
    }
    if (job.keepPosteriors) o.posteriors = r.posteriors;
    outputs.push(o);
  }
  const result: UtteranceResult = {
    id: job.id,
    audio: job.audio,
    durationSec: samples.length / first.components.encoder.sampleRate,
    sampleRate: first.components.encoder.sampleRate,
    frameShiftSec: output.subword.frameShiftSec,
    encoderMs,
    totalMs: performance.now() - t0,
    outputs,
    ...(source ? { source } : {}),
  };
  return job.keepPosteriors
    ? { ...result, vocabulary: first.components.vocabulary.toJSON() }
    : result;
}

/** Caches `base.withStages(stages)` per stage set. */
export function pipelineCache(base: JointPipeline): (stages: StageSet) => JointPipeline {
  const cache = new Map<string, JointPipeline>([[base.stages.join(','), base]]);
  return (stages) => {
    const key = stages.join(',');
    let p = cache.get(key);
    if (!p) {
      p = base.withStages(stages);
      cache.set(key, p);
    }
    return p;
  };
}
