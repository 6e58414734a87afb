import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { attentionHeatmapSvg, ContextualAdapter, getAdapterAttention } from '@ctcbias/adapter';
import { DEFAULT_ADAPTER_DIR, loadAdapterModel } from '@ctcbias/adapter/node';
import { beamSearch, compileEntityBooster } from '@ctcbias/beam';
import {
  type BiasingList,
  CtcBiasError,
  STAGE_NAMES,
  type StageName,
  type Tokenizer,
  type TokenScorer,
  type Vocabulary,
} from '@ctcbias/core';
import { loadSentencePieceTokenizer } from '@ctcbias/core/node';
import { DEFAULT_MODEL_DIR, type Encoder, loadModel, readWav } from '@ctcbias/encoder';
import { createG2gExpander, loadCmuLexicon } from '@ctcbias/g2g';
import { createLexiconRewriter } from '@ctcbias/lexicon';
import { BoostClassLm, type NgramLm, ShallowFusionScorer } from '@ctcbias/lm-boost';
import { loadDefaultLm, readArpaFile, readLmBinaryFile } from '@ctcbias/lm-boost/node';
import { createPhoneticRescorer } from '@ctcbias/phonetic';
import type {
  AudioEncoder,
  BeamDecoder,
  PipelineComponents,
  ScorerStage,
  StageImplementations,
} from './components.js';
import { JointPipeline } from './joint-pipeline.js';
import { type PipelineParams, type PipelineParamsInput, resolveParams } from './params.js';
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
  readonly params?: PipelineParamsInput;
  /** onnxruntime intra-op threads per session (set when several workers share the cores). */
  readonly threads?: number;
}

/** Options of {@link createPipeline}: a {@link PipelineSpec} plus the stages to enable. */
export interface CreatePipelineOptions extends PipelineSpec {
  /** A stage set, or a `--stages` string (`all`, `none`, `boost,lm`, …). */
  readonly stages: StageSet | string;
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
  const stages = typeof options.stages === 'string' ? parseStages(options.stages) : options.stages;
  const params = resolveParams(options.params);
  const components = await loadComponents(options, stages);
  return new JointPipeline(components, { stages, params });
}

/** True when the embedded default model is present (`model.onnx` in `DEFAULT_MODEL_DIR`). */
export function defaultModelEmbedded(): boolean {
  return existsSync(join(DEFAULT_MODEL_DIR, 'model.onnx'));
}

/** Stages `components` can build. */
export function availableStages(components: PipelineComponents): StageSet {
  return STAGE_NAMES.filter((s) => components.stages[s] !== undefined);
}

/**
 * Loads what the `stages` need: the encoder and tokenizer (if the model has one) always; the LM
 * for `lm`; the adapter for `adapter`; CMUdict + the g2p table for `g2g`, `phonetic`, `lexicon`.
 * Stages that cannot be provided are listed in `unavailable` with the reason.
 */
export async function loadComponents(
  spec: PipelineSpec,
  stages: StageSet,
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
  const model = await loadModel(modelDir, sessionOptions ? { sessionOptions } : {});
  const tokenizer = await loadTokenizer(modelDir, model);
  const want = new Set<StageName>(stages);
  const providers: { -readonly [K in StageName]?: (p: PipelineParams) => StageImplementations[K] } =
    {};
  const unavailable: { -readonly [K in StageName]?: string } = {};

  providers.boost = memo(
    (p): ScorerStage =>
      scorerStage('boost', (list, vocabulary) =>
        compileEntityBooster(list, vocabulary, { boost: p.boost }),
      ),
  );

  if (want.has('lm')) {
    const base = await loadLm(spec.lm);
    providers.lm = memo(
      (p): ScorerStage =>
        scorerStage(
          'lm',
          (list, vocabulary) =>
            new ShallowFusionScorer({
              vocabulary,
              lm: new BoostClassLm(base, list, { boost: p.lm.classBoost }),
              alpha: p.lm.alpha,
              beta: p.lm.beta,
              oovOffset: p.lm.oovOffset,
            }),
        ),
    );
  } else {
    unavailable.lm = 'the LM was not loaded (stage not requested)';
  }

  let attention: PipelineComponents['attention'];
  if (want.has('adapter')) {
    const dir = spec.adapterDir ?? DEFAULT_ADAPTER_DIR;
    if (spec.adapterDir === undefined && !existsSync(join(dir, 'adapter.json'))) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        'the default adapter is not embedded in this checkout yet (no adapter.json); pass --adapter DIR',
        { file: dir },
      );
    }
    const adapterModel = await loadAdapterModel(dir, sessionOptions ? { sessionOptions } : {});
    providers.adapter = memo(
      (p) => new ContextualAdapter(adapterModel, { tokenizations: p.adapter.tokenizations }),
    );
    attention = {
      attentionOf: getAdapterAttention,
      heatmapSvg: (att, title) => attentionHeatmapSvg(att, { title }),
    };
  } else {
    unavailable.adapter = 'the adapter was not loaded (stage not requested)';
  }

  // CMUdict + g2p: pronunciations of words for the phone stages, and the g2g expander.
  const needLexicon = want.has('g2g') || want.has('phonetic') || want.has('lexicon');
  const pronunciations = needLexicon ? await loadCmuLexicon() : undefined;
  if (pronunciations?.g2p !== undefined) {
    const { g2p } = pronunciations;
    providers.g2g = memo((p) =>
      createG2gExpander({
        lexicon: pronunciations,
        g2p,
        pronunciations: p.g2g.pronunciations,
        variants: p.g2g.variants,
      }),
    );
  } else {
    unavailable.g2g = 'the g2g tables were not loaded (stage not requested)';
  }
  const notLoaded = 'the pronunciation lexicon was not loaded (stage not requested)';
  if (model.phoneSymbols === undefined) {
    unavailable.phonetic = noPhoneHead(modelDir);
    unavailable.lexicon = noPhoneHead(modelDir);
  } else if (pronunciations === undefined) {
    unavailable.phonetic = notLoaded;
    unavailable.lexicon = notLoaded;
  } else {
    const lexicon = pronunciations;
    providers.phonetic = memo((p) =>
      createPhoneticRescorer({
        lexicon,
        weight: p.phonetic.weight,
        scoring: p.phonetic.scoring,
        pronunciationsPerWord: p.phonetic.pronunciationsPerWord,
      }),
    );
    providers.lexicon = memo((p) =>
      createLexiconRewriter({
        lexicon,
        vocabulary: model.vocabulary,
        maxEditDistance: p.lexicon.maxEditDistance,
        maxWords: p.lexicon.maxWords,
        pronunciationsPerWord: p.lexicon.pronunciationsPerWord,
        ...(p.lexicon.matching === 'acoustic'
          ? { acousticMargin: p.lexicon.acousticMargin, candidateEdits: p.lexicon.candidateEdits }
          : {}),
      }),
    );
  }

  const components: {
    -readonly [K in keyof PipelineComponents]: PipelineComponents[K];
  } = {
    vocabulary: model.vocabulary,
    encoder: audioEncoder(model),
    decoder: BEAM,
    stages: providers,
    unavailable,
  };
  if (tokenizer) components.tokenizer = tokenizer;
  if (attention) components.attention = attention;
  if (pronunciations !== undefined) components.pronunciations = pronunciations;
  return components;
}

/** @ctcbias/beam's prefix beam search as the pipeline's decoder. */
const BEAM: BeamDecoder = {
  decode: (posteriors, vocabulary, scorers, p) =>
    beamSearch(posteriors, vocabulary, {
      beamWidth: p.beamWidth,
      nBest: p.nBest,
      candidatesPerFrame: p.candidatesPerFrame,
      candidateLogProbMargin: p.candidateLogProbMargin,
      ...(p.blankSkipThreshold > 0 ? { blankSkipThreshold: p.blankSkipThreshold } : {}),
      scorers,
    }),
};

function audioEncoder(model: Encoder): AudioEncoder {
  return {
    sampleRate: model.sampleRate,
    readAudio: async (path) => {
      const a = await readWav(path, { sampleRate: model.sampleRate });
      return { samples: a.samples, source: a.source };
    },
    encode: (samples) => model.encode(samples),
  };
}

function noPhoneHead(modelDir: string): string {
  return `the model in ${modelDir} has no phone posteriors head (outputs.phoneLogprobs in model.json)`;
}

/** A scorer stage whose scorer is compiled once per (prepared) list object. */
function scorerStage(
  name: string,
  compile: (list: BiasingList, vocabulary: Vocabulary) => TokenScorer<unknown>,
): ScorerStage {
  const cache = new WeakMap<BiasingList, TokenScorer<unknown>>();
  return {
    name,
    scorerFor(list, vocabulary) {
      let s = cache.get(list);
      if (s === undefined) {
        s = compile(list, vocabulary);
        cache.set(list, s);
      }
      return s;
    },
  };
}

/** One stage instance per params object, so pipelines made by `withStages` share caches. */
function memo<T>(make: (p: PipelineParams) => T): (p: PipelineParams) => T {
  const cache = new WeakMap<PipelineParams, T>();
  return (p) => {
    let v = cache.get(p);
    if (v === undefined) {
      v = make(p);
      cache.set(p, v);
    }
    return v;
  };
}

/**
 * The model's SentencePiece tokenizer (`tokenizer` in model.json, default `tokenizer.model`), or
 * undefined when the model directory has none (then only an empty list can be used).
 */
async function loadTokenizer(modelDir: string, model: Encoder): Promise<Tokenizer | undefined> {
  const configFile = model.files.config ?? join(modelDir, 'model.json');
  let name = 'tokenizer.model';
  try {
    const json = JSON.parse(await readFile(configFile, 'utf8')) as { tokenizer?: unknown };
    if (typeof json.tokenizer === 'string') name = json.tokenizer;
  } catch {
    // loadModel has already validated the config; fall back to the default name.
  }
  const path = join(modelDir, name);
  if (!existsSync(path)) return undefined;
  const tokenizer = await loadSentencePieceTokenizer(path, { blank: model.vocabulary.blank });
  const a = tokenizer.vocabulary.tokens;
  const b = model.vocabulary.tokens;
  if (a.length !== b.length) {
    throw new CtcBiasError(
      'MODEL_ERROR',
      `tokenizer has ${a.length} pieces but the model's vocabulary has ${b.length}`,
      { file: path },
    );
  }
  const differs = a.findIndex((t, i) => t !== b[i]);
  if (differs >= 0) {
    throw new CtcBiasError('MODEL_ERROR', `tokenizer piece ${differs} differs from the model's`, {
      file: path,
      value: [a[differs], b[differs]],
    });
  }
  return tokenizer;
}

async function loadLm(path: string | undefined): Promise<NgramLm> {
  if (path === undefined) return loadDefaultLm();
  if (!existsSync(path)) throw new CtcBiasError('NOT_FOUND', 'no such LM file', { file: path });
  return extname(path).toLowerCase() === '.arpa' ? readArpaFile(path) : readLmBinaryFile(path);
}
