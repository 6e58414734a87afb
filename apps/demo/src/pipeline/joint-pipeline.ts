import {
  type BiasingList,
  type BiasingListItem,
  type Candidate,
  CtcBiasError,
  createBiasingList,
  type EncoderOutput,
  type Hypothesis,
  listFingerprint,
  type NBest,
  type StageName,
  type TokenScorer,
} from '@ctcbias/core';
import { accept } from './acceptance.js';
import type { AttentionMap, PipelineComponents, StageImplementations } from './components.js';
import { type PipelineParams, resolveParams } from './params.js';
import { pronounceList, tokenizeList } from './prepare-list.js';
import type { StageSet } from './stage-set.js';

/** What each step of one transcription took, and the best transcript after it (if any). */
export interface StageTrace {
  /**
   * `prepare-list` (g2g + tokenization, cached per list), `encoder`, `adapter`, `beam`,
   * `phonetic`, `lexicon`, `accept` (the acceptance rule, when a stage proposed an entry).
   */
  readonly step:
    | 'prepare-list'
    | 'encoder'
    | 'adapter'
    | 'beam'
    | 'phonetic'
    | 'lexicon'
    | 'accept';
  readonly ms: number;
  /** Best transcript after this step (decoding steps only). */
  readonly text?: string;
}

/** A biasing list after g2g expansion, pronunciation lookup and tokenization. */
export interface PreparedList {
  /** The entries the stages use; result `entry` indices point into this list. */
  readonly list: BiasingList;
  /** Whether g2g expanded it. */
  readonly expanded: boolean;
  /** Entries left out because the model's tokenizer cannot spell them (see `tokenizeList`). */
  readonly skipped: readonly string[];
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
  /** The best hypothesis after every enabled stage (lexicon rewrite and acceptance included). */
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
}

type Built = { -readonly [K in StageName]?: StageImplementations[K] };

/**
 * The joint model: an ordered composition of the stages, each switchable by name.
 *
 * ```
 * list ─► [g2g] expand ─► pronounce (if phonetic/lexicon) ─► tokenize ─┐
 * audio ─► encoder ─► [adapter] ─► beam (+[boost] +[lm]) ─► n-best ─► [phonetic] ─► [lexicon] ─► accept ─► text
 * ```
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
  private readonly built: Built;
  private readonly listCache = new Map<string, PreparedList>();

  constructor(components: PipelineComponents, options: JointPipelineOptions) {
    this.components = components;
    this.stages = options.stages;
    this.params = options.params ?? resolveParams();
    const built: Built = {};
    for (const name of this.stages) buildStage(built, name, components, this.params);
    this.built = built;
  }

  /** The same components with other stages (and optionally other params). */
  withStages(stages: StageSet, params: PipelineParams = this.params): JointPipeline {
    return new JointPipeline(this.components, { stages, params });
  }

  has(stage: StageName): boolean {
    return this.built[stage] !== undefined;
  }

  /** g2g expansion (if enabled), base pronunciations (if a phone stage needs them), tokenization. */
  prepareList(input: BiasingList | readonly BiasingListItem[]): PreparedList {
    const list = Array.isArray(input)
      ? createBiasingList(input as readonly BiasingListItem[])
      : (input as BiasingList);
    const needPhones = this.has('phonetic') || this.has('lexicon');
    const key = `${listFingerprint(list)}|${this.has('g2g')}|${needPhones}`;
    const cached = this.listCache.get(key);
    if (cached) return cached;
    let out = list;
    let skipped: string[] = [];
    const g2g = this.built.g2g;
    if (g2g) {
      out = g2g.expand(out);
      if (out.entries.length !== list.entries.length) {
        throw new CtcBiasError('INTERNAL', `g2g changed the number of entries`, {
          value: `${list.entries.length} → ${out.entries.length}`,
        });
      }
    }
    const lexicon = this.components.pronunciations;
    if (needPhones && lexicon) {
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
    const prepared: PreparedList = { list: out, expanded: g2g !== undefined, skipped };
    this.listCache.set(key, prepared);
    return prepared;
  }

  /** Decodes `audio` (a WAV path or samples at the encoder's rate) with `list`. */
  async transcribe(
    audio: string | Float32Array,
    list: BiasingList | readonly BiasingListItem[] = [],
  ): Promise<TranscriptionResult> {
    const t0 = performance.now();
    const prepared = this.prepareList(list);
    const t1 = performance.now();
    const output = await this.encode(audio);
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

    const adapter = this.built.adapter;
    if (adapter && biasing) {
      out = await adapter.transform(out, list);
      attention = this.components.attention?.attentionOf(out);
      lap('adapter');
    }

    const scorers: TokenScorer<unknown>[] = [];
    if (this.built.boost && biasing) scorers.push(this.built.boost.scorerFor(list, vocabulary));
    if (this.built.lm) scorers.push(this.built.lm.scorerFor(list, vocabulary));
    let nbest = this.components.decoder.decode(out.subword, vocabulary, scorers, this.params.beam);
    lap('beam', nbest[0]?.text ?? '');

    if (this.built.phonetic && biasing && nbest.length > 0) {
      nbest = this.built.phonetic.rescore(nbest, out, list);
      lap('phonetic', nbest[0]?.text ?? '');
    }

    let best: Hypothesis = nbest[0] ?? EMPTY_HYPOTHESIS;
    if (this.built.lexicon && biasing && nbest.length > 0) {
      best = this.built.lexicon.rewrite(best, out, list);
      lap('lexicon', best.text);
    }

    let candidates: readonly Candidate[] = [];
    let unbiased = best;
    if (biasing && this.stages.length > 0) {
      // the same audio without the list: raw posteriors, and the LM without its BOOST class
      const lmOnly = this.built.lm ? [this.built.lm.scorerFor(EMPTY_LIST, vocabulary)] : [];
      unbiased =
        this.components.decoder.decode(output.subword, vocabulary, lmOnly, this.params.beam)[0] ??
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

function buildStage<K extends StageName>(
  built: Built,
  name: K,
  components: PipelineComponents,
  params: PipelineParams,
): void {
  const provider = components.stages[name] as
    | ((p: PipelineParams) => StageImplementations[K])
    | undefined;
  if (provider === undefined) {
    const why = components.unavailable?.[name] ?? 'no implementation was provided';
    throw new CtcBiasError('UNSUPPORTED', `stage "${name}" is not available: ${why}`);
  }
  built[name] = provider(params);
}

const EMPTY_LIST: BiasingList = createBiasingList([]);

const EMPTY_HYPOTHESIS: Hypothesis = Object.freeze({
  tokens: [],
  text: '',
  words: [],
  score: 0,
  scores: {},
});
