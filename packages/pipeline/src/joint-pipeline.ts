import {
  type AttentionMap,
  type BiasingList,
  type BiasingListItem,
  type BiasingStage,
  type Candidate,
  CtcBiasError,
  createBiasingList,
  type EncoderOutput,
  type EncoderOutputTransform,
  type Hypothesis,
  type ListExpander,
  listFingerprint,
  type NBest,
  type NBestRescorer,
  type ScorerCompiler,
  type StageInstance,
  type StageOptions,
  type TranscriptRewriter,
} from '@ctcbias/core';
import { accept } from './acceptance.js';
import type { PipelineComponents } from './components.js';
import { withConfidences } from './confidence.js';
import { defaultsOf } from './options.js';
import { type PipelineParams, resolveParams } from './params.js';
import { pronounceList, tokenizeList } from './prepare-list.js';
import { type StageRegistry, stageRegistry } from './registry.js';
import type { StageSet } from './stage-set.js';

/** What each step of one transcription took, and the best transcript after it (if any). */
export interface StageTrace {
  /**
   * `prepare-list` (list expanders + tokenization, cached per list), `encoder`, each encoder
   * transform by name (`adapter`), `beam` (with every beam scorer), each n-best rescorer and
   * transcript rewriter by name (`phonetic`, `lexicon`, a plugin's), `accept` (the acceptance rule).
   */
  readonly step: string;
  readonly ms: number;
  /** Best transcript after this step (decoding steps only). */
  readonly text?: string;
  /** What a list expander added (`+3 variants, +1 pronunciation`). */
  readonly detail?: string;
}

/** A biasing list after g2g expansion, pronunciation lookup and tokenization. */
export interface PreparedList {
  /** The entries the stages use; result `entry` indices point into this list. */
  readonly list: BiasingList;
  /** Whether a list expander (g2g) expanded it. */
  readonly expanded: boolean;
  /** Entries left out because the model's tokenizer cannot spell them (see `tokenizeList`). */
  readonly skipped: readonly string[];
  /** What preparing it took: each list expander by name, then `tokenize` (pronunciations included). */
  readonly trace: readonly StageTrace[];
}

/**
 * The result of one transcription.
 *
 * ```ts
 * const r = await pipeline.transcribe('call.wav', ['gorovitz']);
 * r.text;                 // 'call doctor gorovitz'
 * r.best.words[2];        // { text: 'gorovitz', startFrame: 31, endFrame: 45, entry: 0 }
 * r.best.scores;          // { acoustic: -9.1, boost: 2.2, lm: -7.5, phonetic: -0.4 }
 * r.perStage.map((s) => `${s.step}: ${s.text ?? ''}`);
 * // ['encoder: ', 'beam: call doctor gore of its', 'phonetic: call doctor gorovitz', …]
 * ```
 */
export interface TranscriptionResult {
  readonly text: string;
  /**
   * The best hypothesis after every enabled stage (lexicon rewrite and acceptance included); its
   * words carry their acoustic `confidence` (see `withConfidences`).
   */
  readonly best: Hypothesis;
  /**
   * Every list entry the stages put into the transcript, accepted or rejected, with its
   * evidence (see `accept` in acceptance.ts); empty without a list or without stages.
   */
  readonly candidates: readonly Candidate[];
  /**
   * The decoding without the list (raw posteriors, LM without its BOOST class): the transcript
   * `best` is made from, entries aside. Equal to `best` when no biasing ran.
   */
  readonly unbiased: Hypothesis;
  /** The n-best list after beam search and rescoring, best first (before the lexicon rewrite). */
  readonly nbest: NBest;
  readonly stages: StageSet;
  readonly perStage: readonly StageTrace[];
  /** The final subword posteriors (after the adapter when enabled). */
  readonly posteriors: EncoderOutput['subword'];
  /** Adapter attention, when the adapter ran and reports it. */
  readonly attention?: AttentionMap;
  /** The list as the stages saw it (expanded, tokenized). */
  readonly list: BiasingList;
}

/** Options of {@link JointPipeline}. */
export interface JointPipelineOptions {
  readonly stages: StageSet;
  readonly params?: PipelineParams;
  /**
   * Most prepared lists kept (least recently used dropped first), shared by every pipeline over
   * the same components (those `withStages` derives); the first one's size counts. Default 64.
   */
  readonly listCacheSize?: number;
}

/** The prepared-list cache of each set of components (see `JointPipelineOptions.listCacheSize`). */
const LIST_CACHES = new WeakMap<PipelineComponents, ListCache>();

/** Prepared lists by content and preparation settings, least recently used first. */
class ListCache {
  private readonly map = new Map<string, PreparedList>();
  constructor(readonly size: number) {}
  get(key: string): PreparedList | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: PreparedList): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
}

/** The enabled stages' objects, by position, in pipeline order. */
interface BuiltStages {
  readonly expanders: ListExpander[];
  readonly transforms: EncoderOutputTransform[];
  readonly scorers: { readonly compiler: ScorerCompiler; readonly withoutList: boolean }[];
  readonly rescorers: NBestRescorer[];
  readonly rewriters: TranscriptRewriter[];
  /** Some enabled stage needs the entries' pronunciations. */
  readonly needsPronunciations: boolean;
}

/**
 * The joint model: an ordered composition of the stages, each switchable by name. Where a stage
 * acts comes from the registry (its `position`); with the built-in stages:
 *
 * ```
 * list ─► [g2g] expand ─► pronounce (if phonetic/lexicon) ─► tokenize ─┐
 * audio ─► encoder ─► [adapter] ─► beam (+[boost] +[lm]) ─► n-best ─► [phonetic] ─► [lexicon] ─► accept ─► text
 * ```
 *
 * A plugin stage joins at its position: another list expander after g2g, a beam scorer beside
 * boost and lm, a rescorer after phonetic, a rewriter after lexicon (registration order).
 *
 * `accept` (acceptance.ts) keeps a list entry that a stage put into the transcript only when the
 * unbiased phone posteriors support it (`params.accept.threshold`), and returns the transcript
 * decoded without the list with the kept entries put in; it runs whenever the list is not empty
 * and a stage is on. With an empty list no biasing stage runs.
 *
 * With no stages it is plain CTC prefix beam search without an LM. Lists are prepared once per
 * content (cached by fingerprint). `decode` takes an encoder output, so an ablation runs the
 * encoder once per utterance and decodes it under several stage sets (`withStages`).
 */
export class JointPipeline {
  readonly stages: StageSet;
  readonly params: PipelineParams;
  readonly components: PipelineComponents;
  readonly registry: StageRegistry;
  private readonly built: BuiltStages;
  private readonly listCache: ListCache;

  constructor(components: PipelineComponents, options: JointPipelineOptions) {
    const size = options.listCacheSize ?? 64;
    if (!Number.isInteger(size) || size < 0) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'listCacheSize must be an integer ≥ 0', {
        value: size,
      });
    }
    // one cache per set of components: pipelines made by `withStages` share it
    let cache = LIST_CACHES.get(components);
    if (cache === undefined) {
      cache = new ListCache(size);
      LIST_CACHES.set(components, cache);
    }
    this.listCache = cache;
    this.components = components;
    this.registry = components.registry ?? stageRegistry;
    this.stages = options.stages;
    this.params = options.params ?? resolveParams({}, this.registry);
    this.built = buildStages(this.stages, components, this.registry, this.params);
  }

  /**
   * The same components with other stages (and optionally other params); prepared lists are
   * shared with this pipeline (the cache key includes what preparing depends on).
   */
  withStages(stages: StageSet, params: PipelineParams = this.params): JointPipeline {
    return new JointPipeline(this.components, { stages, params });
  }

  has(stage: string): boolean {
    return this.stages.includes(stage);
  }

  /**
   * List expansion (g2g, if enabled), base pronunciations (if a stage needs them),
   * tokenization; cached per list content.
   */
  prepareList(input: BiasingList | readonly BiasingListItem[]): PreparedList {
    const list = Array.isArray(input)
      ? createBiasingList(input as readonly BiasingListItem[])
      : (input as BiasingList);
    const { expanders, needsPronunciations } = this.built;
    const { list: listParams } = this.params;
    const key = [
      listFingerprint(list),
      expanders.map((e) => e.name).join(','),
      needsPronunciations,
      JSON.stringify(listParams),
      JSON.stringify(expanders.map((e) => this.params[e.name] ?? null)),
    ].join('|');
    const cached = this.listCache.get(key);
    if (cached) return cached;
    let out = list;
    let skipped: string[] = [];
    const trace: StageTrace[] = [];
    let t = performance.now();
    for (const expander of expanders) {
      const expanded = expander.expand(out);
      if (expanded.entries.length !== out.entries.length) {
        throw new CtcBiasError(
          'INTERNAL',
          `stage "${expander.name}" changed the number of entries`,
          {
            value: `${out.entries.length} → ${expanded.entries.length}`,
          },
        );
      }
      const detail = expansionDetail(out, expanded);
      out = expanded;
      const now = performance.now();
      trace.push({ step: expander.name, ms: now - t, detail });
      t = now;
    }
    const lexicon = this.components.pronunciations;
    if (needsPronunciations && lexicon) {
      out = pronounceList(out, lexicon, this.params.list.basePronunciations);
    }
    if (out.entries.length > 0) {
      const { tokenizer } = this.components;
      if (tokenizer === undefined) {
        throw new CtcBiasError(
          'UNSUPPORTED',
          'this model has no SentencePiece tokenizer, so a biasing list cannot be tokenized (add "tokenizer" to its model.json, or decode without a list)',
        );
      }
      const tokenized = tokenizeList(out, tokenizer, this.params.list.segmentationsPerPhrase);
      out = tokenized.list;
      skipped = tokenized.skipped;
    }
    trace.push({ step: 'tokenize', ms: performance.now() - t });
    const prepared: PreparedList = { list: out, expanded: expanders.length > 0, skipped, trace };
    this.listCache.set(key, prepared);
    return prepared;
  }

  /**
   * Decodes `audio` with `list`: a WAV path, samples at the encoder's rate, or an encoder output
   * you already have (posteriors from `encode`, from `--save-posteriors`, or from another
   * runtime: the encoder is then skipped).
   */
  async transcribe(
    audio: string | Float32Array | EncoderOutput,
    list: BiasingList | readonly BiasingListItem[] = [],
  ): Promise<TranscriptionResult> {
    const t0 = performance.now();
    const prepared = this.prepareList(list);
    const t1 = performance.now();
    const output = isEncoderOutput(audio) ? audio : await this.encode(audio);
    const t2 = performance.now();
    const r = await this.decode(output, prepared);
    return {
      ...r,
      perStage: [
        { step: 'prepare-list', ms: t1 - t0 },
        { step: 'encoder', ms: t2 - t1 },
        ...r.perStage,
      ],
    };
  }

  /** Runs the encoder on a WAV path or samples. */
  async encode(audio: string | Float32Array): Promise<EncoderOutput> {
    const { encoder } = this.components;
    const samples = typeof audio === 'string' ? (await encoder.readAudio(audio)).samples : audio;
    return encoder.encode(samples);
  }

  /**
   * Everything after the encoder: adapter, beam with scorers, rescoring, rewrite, acceptance.
   * With an empty list no biasing stage runs: the result is plain decoding (with the LM when
   * `lm` is on), exactly what `--stages lm` (or `none`) gives.
   */
  async decode(output: EncoderOutput, prepared: PreparedList): Promise<TranscriptionResult> {
    const { list } = prepared;
    const { vocabulary } = this.components;
    const perStage: StageTrace[] = [];
    let out = output;
    let attention: AttentionMap | undefined;
    let t = performance.now();
    const lap = (step: StageTrace['step'], text?: string) => {
      const now = performance.now();
      perStage.push(text === undefined ? { step, ms: now - t } : { step, ms: now - t, text });
      t = now;
    };
    const biasing = list.entries.length > 0;

    const { transforms, scorers, rescorers, rewriters } = this.built;
    if (biasing) {
      for (const transform of transforms) {
        out = await transform.transform(out, list);
        lap(transform.name);
      }
      if (transforms.length > 0) attention = this.components.attention?.attentionOf(out);
    }

    const active = scorers
      .filter((s) => biasing || s.withoutList)
      .map((s) => s.compiler.scorerFor(list, vocabulary));
    let nbest = this.components.decoder.decode(out.subword, vocabulary, active, this.params.beam);
    lap('beam', nbest[0]?.text ?? '');

    if (biasing && nbest.length > 0) {
      for (const rescorer of rescorers) {
        nbest = rescorer.rescore(nbest, out, list);
        lap(rescorer.name, nbest[0]?.text ?? '');
      }
    }

    let best: Hypothesis = nbest[0] ?? EMPTY_HYPOTHESIS;
    if (biasing && nbest.length > 0) {
      for (const rewriter of rewriters) {
        best = rewriter.rewrite(best, out, list);
        lap(rewriter.name, best.text);
      }
    }

    let candidates: readonly Candidate[] = [];
    let unbiased = best;
    if (biasing && this.stages.length > 0) {
      // the same audio without the list: raw posteriors, and only the scorers that run without
      // one (the LM), given an empty list (no BOOST class)
      const plain = scorers
        .filter((s) => s.withoutList)
        .map((s) => s.compiler.scorerFor(EMPTY_LIST, vocabulary));
      unbiased =
        this.components.decoder.decode(output.subword, vocabulary, plain, this.params.beam)[0] ??
        EMPTY_HYPOTHESIS;
      const r = accept({
        biased: best,
        unbiased,
        output,
        list,
        lexicon: this.components.pronunciations,
        steps: perStage,
        params: this.params.accept,
      });
      best = r.hypothesis;
      candidates = r.candidates;
      lap('accept', best.text);
    }

    best = withConfidences(best, output.subword, vocabulary.blank);
    const result: {
      -readonly [K in keyof TranscriptionResult]: TranscriptionResult[K];
    } = {
      text: best.text,
      best,
      candidates,
      unbiased,
      nbest,
      stages: this.stages,
      perStage,
      posteriors: out.subword,
      list,
    };
    if (attention) result.attention = attention;
    return result;
  }
}

/**
 * Builds every enabled stage from its provider and its options, and files it under its position.
 * Throws UNSUPPORTED (with the loader's reason) for a stage without a provider, INVALID_ARGUMENT
 * for a name the registry does not know, INTERNAL for a provider whose object does not fit its
 * position.
 */
function buildStages(
  stages: StageSet,
  components: PipelineComponents,
  registry: StageRegistry,
  params: PipelineParams,
): BuiltStages {
  const built: BuiltStages = {
    expanders: [],
    transforms: [],
    scorers: [],
    rescorers: [],
    rewriters: [],
    needsPronunciations: false,
  };
  let needsPronunciations = false;
  for (const name of stages) {
    const def = registry.get(name);
    if (def === undefined) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'unknown stage (not in the registry)', {
        value: name,
      });
    }
    const provider = components.stages[name];
    if (provider === undefined) {
      const why = components.unavailable?.[name] ?? 'no implementation was provided';
      throw new CtcBiasError('UNSUPPORTED', `stage "${name}" is not available: ${why}`);
    }
    const instance = provider(optionsOf(def, params));
    needsPronunciations ||= def.needsPronunciations === true;
    switch (def.position) {
      case 'list-expander':
        built.expanders.push(checked(def, instance, 'expand') as ListExpander);
        break;
      case 'encoder-transform':
        built.transforms.push(checked(def, instance, 'transform') as EncoderOutputTransform);
        break;
      case 'beam-scorer':
        built.scorers.push({
          compiler: checked(def, instance, 'scorerFor') as ScorerCompiler,
          withoutList: def.withoutList === true,
        });
        break;
      case 'nbest-rescorer':
        built.rescorers.push(checked(def, instance, 'rescore') as NBestRescorer);
        break;
      case 'transcript-rewriter':
        built.rewriters.push(checked(def, instance, 'rewrite') as TranscriptRewriter);
        break;
    }
  }
  return { ...built, needsPronunciations };
}

/** `params[stage]`, or the stage's defaults when the params were resolved without this stage. */
function optionsOf(def: BiasingStage, params: PipelineParams): StageOptions {
  const given = (params as Record<string, StageOptions | undefined>)[def.name];
  if (given !== undefined) return given;
  let d = DEFAULTS.get(def);
  if (d === undefined) {
    d = Object.freeze(defaultsOf(def.options));
    DEFAULTS.set(def, d);
  }
  return d;
}

const DEFAULTS = new WeakMap<BiasingStage, StageOptions>();

function checked(def: BiasingStage, instance: StageInstance, method: string): StageInstance {
  const fn = (instance as unknown as Record<string, unknown> | null)?.[method];
  if (typeof fn !== 'function') {
    throw new CtcBiasError(
      'INTERNAL',
      `stage "${def.name}" (${def.position}) made an object without ${method}()`,
    );
  }
  return instance;
}

const EMPTY_LIST: BiasingList = createBiasingList([]);

const EMPTY_HYPOTHESIS: Hypothesis = Object.freeze({
  tokens: [],
  text: '',
  words: [],
  score: 0,
  scores: {},
});

/** `+3 variants, +1 pronunciation`: what an expander added across the list (or `nothing added`). */
function expansionDetail(before: BiasingList, after: BiasingList): string {
  const count = (l: BiasingList, key: 'variants' | 'pronunciations') =>
    l.entries.reduce((n, e) => n + e[key].length, 0);
  const parts: string[] = [];
  for (const [key, one] of [
    ['variants', 'variant'],
    ['pronunciations', 'pronunciation'],
  ] as const) {
    const added = count(after, key) - count(before, key);
    if (added !== 0)
      parts.push(`${added > 0 ? '+' : ''}${added} ${Math.abs(added) === 1 ? one : key}`);
  }
  return parts.length === 0 ? 'nothing added' : parts.join(', ');
}

function isEncoderOutput(x: string | Float32Array | EncoderOutput): x is EncoderOutput {
  return typeof x === 'object' && !(x instanceof Float32Array) && 'subword' in x;
}
