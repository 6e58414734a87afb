import { CtcBiasError } from '@ctcbias/core';
import {
  DEFAULT_LOGMEL,
  type FeatureConfig,
  type LogMelConfig,
  validateLogMelConfig,
} from './features.js';

/** How the model input tensor is laid out: batch × time × features, batch × features × time, or raw samples. */
export type InputLayout = 'BTF' | 'BFT' | 'BT';

/**
 * A CTC model described for `loadModelFrom` / `loadModel` — the `model.json` next to the ONNX file.
 * Paths are relative to the directory holding `model.json` (or `LoadModelOptions.baseDir`).
 *
 * The embedded default model's config (written by `recipes/base-model/export.py`):
 * ```json
 * {
 *   "onnx": "model.onnx", "tokens": "tokens.json",
 *   "features": { "sampleRate": 16000, "windowLength": 400, "hopLength": 160, "fftSize": 512,
 *                 "numMels": 80, "melLowHz": 20, "melHighHz": 8000, "melScale": "htk",
 *                 "window": "hann-periodic", "logOffset": 1e-6, "center": false },
 *   "input": { "name": "features", "layout": "BTF" },
 *   "subsampling": 4, "frameShiftSec": 0.04,
 *   "outputs": { "logprobs": "logprobs", "phoneLogprobs": "phone_logprobs",
 *                "hidden": { "mid": "hidden_mid", "last": "hidden_last" } },
 *   "outputsAreLogProbs": true,
 *   "phones": ["<blk>", "AA", "AE", …]
 * }
 * ```
 * Unknown fields (e.g. `tokenizer`, `trainingStep`) are ignored.
 */
export interface ModelConfig {
  readonly name?: string;
  /** ONNX model file. */
  readonly onnx: string;
  /** Token list: `tokens.json` (`{"tokens": [...], "blank": 0}`, a JSON array, or a Hugging Face `vocab.json` map) or a `.txt` (one token per line, or sherpa-onnx `token id` lines). */
  readonly tokens: string;
  /** Blank id; overrides the tokens file's. Needed when the file does not say and has no `<blk>`/`<blank>` token. */
  readonly blank?: number;
  /** Feature front end; a log-mel config may list only the fields that differ from {@link DEFAULT_LOGMEL}. */
  readonly features: FeatureConfig;
  readonly input: {
    /** Name of the ONNX input that takes the features (or samples). */
    readonly name: string;
    readonly layout: InputLayout;
    /** Name of an int64 `[1]` input that takes the number of input frames (NeMo's `length`). */
    readonly lengthName?: string;
  };
  /** Input frames (feature frames, or samples for `BT`) per output frame, e.g. 4, 8, or 320. */
  readonly subsampling: number;
  /** Seconds per output frame; default `subsampling × hop / sampleRate` (`subsampling / sampleRate` for raw samples). */
  readonly frameShiftSec: number;
  readonly outputs: {
    /** Subword CTC output `[1, T', V]` (or `[T', V]`); V must equal the number of tokens. */
    readonly logprobs: string;
    /** Optional phone CTC output; needs `phones`. */
    readonly phoneLogprobs?: string;
    /** Optional hidden-state outputs `[1, T', D]`, keyed by the name they get in `EncoderOutput.hidden`. */
    readonly hidden?: Readonly<Record<string, string>>;
  };
  /** false when the outputs are unnormalised logits: a log-softmax is applied per frame. */
  readonly outputsAreLogProbs: boolean;
  /** Phone symbols, column i of the phone output ↔ `phones[i]`; index 0 is the blank. */
  readonly phones?: readonly string[];
  /** Shortest input (in input frames) the model accepts; shorter audio is zero-padded. Default 2·subsampling − 1. */
  readonly minInputFrames: number;
  /** Long-input chunking: core length and the context added on each side (seconds). Default 30 and 2. */
  readonly chunk: { readonly seconds: number; readonly contextSeconds: number };
}

/** What a `model.json` may contain: {@link ModelConfig} with the defaulted fields optional. */
export type ModelConfigInput = Omit<
  ModelConfig,
  'features' | 'frameShiftSec' | 'minInputFrames' | 'chunk' | 'outputsAreLogProbs'
> & {
  readonly features?: FeatureConfig | Partial<LogMelConfig>;
  readonly frameShiftSec?: number;
  readonly minInputFrames?: number;
  readonly chunk?: { readonly seconds?: number; readonly contextSeconds?: number };
  readonly outputsAreLogProbs?: boolean;
};

/**
 * Validates a parsed `model.json` and fills in defaults. Errors are `MODEL_ERROR`s naming `file`
 * and the field.
 */
export function parseModelConfig(json: unknown, file: string): ModelConfig {
  const fail = (reason: string, value?: unknown): never => {
    throw new CtcBiasError('MODEL_ERROR', reason, value === undefined ? { file } : { file, value });
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown, field: string): string =>
    typeof v === 'string' && v.length > 0
      ? v
      : fail(`model config: "${field}" must be a non-empty string`, v);
  const posInt = (v: unknown, field: string): number =>
    Number.isInteger(v) && (v as number) > 0
      ? (v as number)
      : fail(`model config: "${field}" must be a positive integer`, v);
  const posNum = (v: unknown, field: string): number =>
    typeof v === 'number' && Number.isFinite(v) && v > 0
      ? v
      : fail(`model config: "${field}" must be a positive number`, v);

  if (!isObject(json)) return fail('model config must be a JSON object');
  const onnx = str(json.onnx, 'onnx');
  const tokens = str(json.tokens, 'tokens');
  const blank =
    json.blank === undefined
      ? undefined
      : Number.isInteger(json.blank) && (json.blank as number) >= 0
        ? (json.blank as number)
        : fail('model config: "blank" must be a non-negative integer', json.blank);

  const rawFeatures = json.features ?? {};
  if (!isObject(rawFeatures)) return fail('model config: "features" must be an object');
  let features: FeatureConfig;
  if (rawFeatures.kind === 'waveform') {
    const normalize = rawFeatures.normalize ?? 'none';
    if (normalize !== 'none' && normalize !== 'utterance') {
      fail(
        'model config: "features.normalize" must be "none" or "utterance" for waveform input',
        normalize,
      );
    }
    features = {
      kind: 'waveform',
      sampleRate: posInt(rawFeatures.sampleRate ?? 16000, 'features.sampleRate'),
      normalize: normalize as 'none' | 'utterance',
    };
  } else if (rawFeatures.kind === undefined || rawFeatures.kind === 'logmel') {
    const logmel: LogMelConfig = {
      ...DEFAULT_LOGMEL,
      ...(rawFeatures as Partial<LogMelConfig>),
      kind: 'logmel',
    };
    try {
      validateLogMelConfig(logmel);
    } catch (e) {
      return fail(`model config: ${(e as CtcBiasError).reason}`, (e as CtcBiasError).value);
    }
    features = logmel;
  } else {
    return fail('model config: "features.kind" must be "logmel" or "waveform"', rawFeatures.kind);
  }

  if (!isObject(json.input)) return fail('model config: "input" must be an object');
  const layout = json.input.layout ?? 'BTF';
  if (layout !== 'BTF' && layout !== 'BFT' && layout !== 'BT') {
    fail('model config: "input.layout" must be "BTF", "BFT" or "BT"', layout);
  }
  if ((layout === 'BT') !== (features.kind === 'waveform')) {
    fail(
      'model config: "input.layout" "BT" goes with (and only with) "features.kind": "waveform"',
      layout,
    );
  }
  const input = {
    name: str(json.input.name, 'input.name'),
    layout: layout as InputLayout,
    ...(json.input.lengthName === undefined
      ? {}
      : { lengthName: str(json.input.lengthName, 'input.lengthName') }),
  };

  const subsampling = posInt(json.subsampling ?? 1, 'subsampling');
  const hopSec =
    features.kind === 'waveform'
      ? 1 / features.sampleRate
      : features.hopLength / features.sampleRate;
  const frameShiftSec = posNum(json.frameShiftSec ?? subsampling * hopSec, 'frameShiftSec');

  if (!isObject(json.outputs)) return fail('model config: "outputs" must be an object');
  const o = json.outputs;
  let hidden: Record<string, string> | undefined;
  if (o.hidden !== undefined) {
    if (!isObject(o.hidden)) return fail('model config: "outputs.hidden" must be an object');
    hidden = {};
    for (const [k, v] of Object.entries(o.hidden)) hidden[k] = str(v, `outputs.hidden.${k}`);
  }
  const outputs = {
    logprobs: str(o.logprobs, 'outputs.logprobs'),
    ...(o.phoneLogprobs === undefined
      ? {}
      : { phoneLogprobs: str(o.phoneLogprobs, 'outputs.phoneLogprobs') }),
    ...(hidden === undefined ? {} : { hidden }),
  };

  let phones: string[] | undefined;
  if (json.phones !== undefined) {
    if (
      !Array.isArray(json.phones) ||
      json.phones.length < 2 ||
      !json.phones.every((p) => typeof p === 'string')
    ) {
      return fail(
        'model config: "phones" must be an array of at least 2 strings (index 0 = blank)',
      );
    }
    phones = json.phones as string[];
  }
  if (outputs.phoneLogprobs !== undefined && phones === undefined) {
    fail('model config: "outputs.phoneLogprobs" needs a "phones" list');
  }
  const outputsAreLogProbs = json.outputsAreLogProbs ?? true;
  if (typeof outputsAreLogProbs !== 'boolean') {
    fail('model config: "outputsAreLogProbs" must be a boolean', outputsAreLogProbs);
  }
  const minInputFrames = posInt(json.minInputFrames ?? 2 * subsampling - 1, 'minInputFrames');
  const rawChunk = json.chunk ?? {};
  if (!isObject(rawChunk)) return fail('model config: "chunk" must be an object');
  const chunk = {
    seconds: posNum(rawChunk.seconds ?? 30, 'chunk.seconds'),
    contextSeconds: posNum(rawChunk.contextSeconds ?? 2, 'chunk.contextSeconds'),
  };
  return {
    ...(typeof json.name === 'string' ? { name: json.name } : {}),
    onnx,
    tokens,
    ...(blank === undefined ? {} : { blank }),
    features,
    input,
    subsampling,
    frameShiftSec,
    outputs,
    outputsAreLogProbs: outputsAreLogProbs as boolean,
    ...(phones === undefined ? {} : { phones }),
    minInputFrames,
    chunk,
  };
}
