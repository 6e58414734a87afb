import {
  CtcBiasError,
  createPosteriors,
  type EncoderOutput,
  type HiddenStates,
  type Posteriors,
  type Vocabulary,
} from '@ctcbias/core';
import type * as OrtCommon from 'onnxruntime-common';
import type { OrtModule } from './backend.js';
import { planChunks } from './chunking.js';
import type { ModelConfig } from './config.js';
import { createFeatureExtractor, type Features } from './features.js';

/** Per-call overrides of the model config's chunking. */
export interface EncodeOptions {
  /** Core length of each chunk (seconds of audio). Default: `config.chunk.seconds` (30). */
  readonly chunkSeconds?: number;
  /** Context added on each side of a chunk (seconds). Default: `config.chunk.contextSeconds` (2). */
  readonly contextSeconds?: number;
}

/** Everything an {@link Encoder} is built from; `loadModelFrom` / `loadModel` assemble it from files. */
export interface EncoderParts {
  readonly config: ModelConfig;
  readonly vocabulary: Vocabulary;
  readonly session: OrtCommon.InferenceSession;
  readonly ort: OrtModule;
  /** Backend name, for diagnostics (`node`, `web`, …). */
  readonly backend: string;
  /** Resolved file paths, used in error messages. */
  readonly files: { readonly onnx: string; readonly tokens: string; readonly config?: string };
  /**
   * Reads an audio file as mono samples at `sampleRate`, for `encode(path)`: `readWav` when the
   * model was loaded with `@ctcbias/encoder/node`'s `loadModel`; absent in a browser (pass samples).
   */
  readonly readAudio?: (path: string, sampleRate: number) => Promise<Float32Array>;
}

/** One model output stitched across chunks. */
interface OutputSlot {
  readonly onnxName: string;
  /** Expected last dimension, or undefined until the first chunk tells (hidden states). */
  dim: number | undefined;
  readonly normalize: boolean;
  readonly pieces: Float32Array[];
}

/**
 * A loaded CTC model: audio → features → ONNX → {@link EncoderOutput}.
 *
 * ```ts
 * const enc = await loadModel('path/to/model-dir');           // @ctcbias/encoder/node
 * const out = await enc.encode('utterance.wav');              // any WAV; resampled to 16 kHz
 * out.subword.frames;                                          // ≈ seconds / 0.04
 * enc.vocabulary.token(argmax(posteriorsRow(out.subword, 0))); // e.g. '<blk>'
 * out.phone?.vocabSize === out.phoneSymbols?.length;           // true
 * out.hidden?.last.dim;                                        // 144
 * await enc.release();
 * ```
 *
 * Long inputs are cut into chunks (default 30 s + 2 s of context on each side, see
 * {@link planChunks}); each chunk is one `session.run`, so memory for the model's activations is
 * bounded by the chunk length, and only each chunk's core frames are kept.
 */
export class Encoder {
  readonly config: ModelConfig;
  readonly vocabulary: Vocabulary;
  readonly backend: string;
  readonly files: EncoderParts['files'];
  private readonly session: OrtCommon.InferenceSession;
  private readonly ort: OrtModule;
  private readonly extract: (samples: Float32Array) => Features;
  private readonly readAudio: EncoderParts['readAudio'];

  constructor(parts: EncoderParts) {
    this.readAudio = parts.readAudio;
    this.config = parts.config;
    this.vocabulary = parts.vocabulary;
    this.backend = parts.backend;
    this.files = parts.files;
    this.session = parts.session;
    this.ort = parts.ort;
    this.extract = createFeatureExtractor(parts.config.features);
  }

  /** Sample rate the model expects; `encode(samples)` input must be at this rate. */
  get sampleRate(): number {
    return this.config.features.sampleRate;
  }

  /** Phone symbols of the phone output (index 0 = blank), if the model has one. */
  get phoneSymbols(): readonly string[] | undefined {
    return this.config.outputs.phoneLogprobs === undefined ? undefined : this.config.phones;
  }

  /**
   * Model input features of mono samples at {@link sampleRate}, zero-padded at the end to the
   * model's minimum input length.
   */
  features(samples: Float32Array): Features {
    if (samples.length === 0) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'no audio samples to encode');
    }
    const needed = this.minSamples();
    if (samples.length < needed) {
      const padded = new Float32Array(needed);
      padded.set(samples);
      return this.extract(padded);
    }
    return this.extract(samples);
  }

  /**
   * Encodes mono samples in [−1, 1] at {@link sampleRate}, or a WAV file by path when the model
   * was loaded in Node (`@ctcbias/encoder/node`); in a browser, decode first (`decodeWav(bytes)`).
   */
  async encode(input: Float32Array | string, options: EncodeOptions = {}): Promise<EncoderOutput> {
    let samples: Float32Array;
    if (typeof input !== 'string') {
      samples = input;
    } else if (this.readAudio !== undefined) {
      samples = await this.readAudio(input, this.sampleRate);
    } else {
      throw new CtcBiasError(
        'UNSUPPORTED',
        'this encoder cannot read files (loaded without a file reader): pass samples, e.g. decodeWav(bytes).samples',
        { file: input },
      );
    }
    return this.run(this.features(samples), options);
  }

  /** Runs the model on precomputed features (see {@link Encoder.features}), chunking long inputs. */
  async run(features: Features, options: EncodeOptions = {}): Promise<EncoderOutput> {
    const cfg = this.config;
    const expectedDim = cfg.features.kind === 'waveform' ? 1 : cfg.features.numMels;
    if (features.dim !== expectedDim || features.data.length !== features.frames * features.dim) {
      throw new CtcBiasError('INVALID_ARGUMENT', `features must be frames × ${expectedDim}`, {
        value: [features.frames, features.dim],
      });
    }
    if (features.frames < cfg.minInputFrames) {
      throw new CtcBiasError(
        'INVALID_ARGUMENT',
        `the model needs at least ${cfg.minInputFrames} input frames`,
        { value: features.frames },
      );
    }
    const frameSec =
      cfg.features.kind === 'waveform'
        ? 1 / cfg.features.sampleRate
        : cfg.features.hopLength / cfg.features.sampleRate;
    const chunkSeconds = options.chunkSeconds ?? cfg.chunk.seconds;
    const contextSeconds = options.contextSeconds ?? cfg.chunk.contextSeconds;
    if (!(chunkSeconds > 0) || !(contextSeconds >= 0)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'chunkSeconds must be > 0, contextSeconds ≥ 0', {
        value: [chunkSeconds, contextSeconds],
      });
    }
    const chunks = planChunks(
      features.frames,
      cfg.subsampling,
      Math.round(chunkSeconds / frameSec),
      Math.max(Math.round(contextSeconds / frameSec), cfg.minInputFrames),
    );

    const slots = new Map<string, OutputSlot>();
    slots.set('subword', {
      onnxName: cfg.outputs.logprobs,
      dim: this.vocabulary.size,
      normalize: !cfg.outputsAreLogProbs,
      pieces: [],
    });
    if (cfg.outputs.phoneLogprobs !== undefined) {
      slots.set('phone', {
        onnxName: cfg.outputs.phoneLogprobs,
        dim: cfg.phones?.length,
        normalize: !cfg.outputsAreLogProbs,
        pieces: [],
      });
    }
    for (const [key, onnxName] of Object.entries(cfg.outputs.hidden ?? {})) {
      slots.set(`hidden:${key}`, { onnxName, dim: undefined, normalize: false, pieces: [] });
    }

    let totalFrames = 0;
    for (const chunk of chunks) {
      const result = await this.runChunk(features, chunk.inputStart, chunk.inputEnd);
      const first = chunk.keepFrom - chunk.inputStart / cfg.subsampling;
      let kept = -1;
      for (const slot of slots.values()) {
        const { data, frames } = this.checkedOutput(result, slot);
        const last = Math.min(frames, chunk.keepTo - chunk.inputStart / cfg.subsampling);
        if (
          Number.isFinite(chunk.keepTo) &&
          last < chunk.keepTo - chunk.inputStart / cfg.subsampling
        ) {
          throw this.modelError(
            `output "${slot.onnxName}" has ${frames} frames for ${chunk.inputEnd - chunk.inputStart} input frames; is "subsampling" (${cfg.subsampling}) right?`,
          );
        }
        const n = Math.max(0, last - first);
        if (kept >= 0 && n !== kept) {
          throw this.modelError('outputs disagree on the number of frames', slot.onnxName);
        }
        kept = n;
        const dim = slot.dim as number;
        const piece = data.slice(first * dim, (first + n) * dim);
        if (slot.normalize) logSoftmaxRows(piece, dim);
        checkNoNaN(piece, dim, (t) =>
          this.modelError(`output "${slot.onnxName}" contains NaN at frame ${chunk.keepFrom + t}`),
        );
        slot.pieces.push(piece);
      }
      totalFrames += kept;
    }

    const join = (slot: OutputSlot): Float32Array => {
      if (slot.pieces.length === 1) return slot.pieces[0] as Float32Array;
      const out = new Float32Array(totalFrames * (slot.dim as number));
      let offset = 0;
      for (const p of slot.pieces) {
        out.set(p, offset);
        offset += p.length;
      }
      return out;
    };
    const posteriors = (slot: OutputSlot): Posteriors =>
      createPosteriors(join(slot), totalFrames, slot.dim as number, cfg.frameShiftSec);

    const subword = posteriors(slots.get('subword') as OutputSlot);
    const phoneSlot = slots.get('phone');
    const hidden: Record<string, HiddenStates> = {};
    for (const [key, slot] of slots) {
      if (!key.startsWith('hidden:')) continue;
      hidden[key.slice('hidden:'.length)] = {
        data: join(slot),
        frames: totalFrames,
        dim: slot.dim as number,
      };
    }
    return {
      subword,
      ...(phoneSlot === undefined
        ? {}
        : { phone: posteriors(phoneSlot), phoneSymbols: cfg.phones as readonly string[] }),
      ...(Object.keys(hidden).length === 0 ? {} : { hidden }),
    };
  }

  /** Releases the ONNX session; the encoder cannot be used afterwards. */
  async release(): Promise<void> {
    await this.session.release();
  }

  private async runChunk(
    features: Features,
    start: number,
    end: number,
  ): Promise<OrtCommon.InferenceSession.OnnxValueMapType> {
    const { input } = this.config;
    const frames = end - start;
    const dim = features.dim;
    const slice = features.data.slice(start * dim, end * dim);
    let tensor: OrtCommon.Tensor;
    if (input.layout === 'BTF') {
      tensor = new this.ort.Tensor('float32', slice, [1, frames, dim]);
    } else if (input.layout === 'BFT') {
      const t = new Float32Array(slice.length);
      for (let f = 0; f < frames; f++) {
        for (let m = 0; m < dim; m++) t[m * frames + f] = slice[f * dim + m] as number;
      }
      tensor = new this.ort.Tensor('float32', t, [1, dim, frames]);
    } else {
      tensor = new this.ort.Tensor('float32', slice, [1, frames]);
    }
    const feeds: Record<string, OrtCommon.Tensor> = { [input.name]: tensor };
    if (input.lengthName !== undefined) {
      feeds[input.lengthName] = new this.ort.Tensor(
        'int64',
        BigInt64Array.from([BigInt(frames)]),
        [1],
      );
    }
    try {
      return await this.session.run(feeds);
    } catch (cause) {
      throw this.modelError(`inference failed (${(cause as Error).message})`, undefined, cause);
    }
  }

  /** The output's data and frame count after shape and type checks; learns hidden dims. */
  private checkedOutput(
    result: OrtCommon.InferenceSession.OnnxValueMapType,
    slot: OutputSlot,
  ): { data: Float32Array; frames: number } {
    const value = result[slot.onnxName];
    if (value === undefined) throw this.modelError('the model returned no output', slot.onnxName);
    const tensor = value as OrtCommon.Tensor;
    if (tensor.type !== 'float32') {
      throw this.modelError(`output "${slot.onnxName}" must be float32`, tensor.type);
    }
    const dims = tensor.dims;
    const ok = (dims.length === 3 && dims[0] === 1) || dims.length === 2;
    if (!ok) {
      throw this.modelError(
        `output "${slot.onnxName}" must be [1, frames, dim] or [frames, dim]`,
        dims,
      );
    }
    const dim = dims.at(-1) as number;
    const frames = dims.at(-2) as number;
    if (slot.dim === undefined) slot.dim = dim;
    if (dim !== slot.dim) {
      const what =
        slot.onnxName === this.config.outputs.logprobs
          ? `the vocabulary (${this.files.tokens}) has ${slot.dim} tokens`
          : `${slot.dim} were expected (phones in the model config or earlier chunks)`;
      throw this.modelError(`output "${slot.onnxName}" has ${dim} classes but ${what}`);
    }
    return { data: tensor.data as Float32Array, frames };
  }

  private minSamples(): number {
    const cfg = this.config;
    const f = cfg.minInputFrames;
    if (cfg.features.kind === 'waveform') return f;
    const { windowLength, hopLength, center } = cfg.features;
    return center ? (f - 1) * hopLength : windowLength + (f - 1) * hopLength;
  }

  private modelError(reason: string, value?: unknown, cause?: unknown): CtcBiasError {
    return new CtcBiasError('MODEL_ERROR', reason, {
      file: this.files.onnx,
      ...(value === undefined ? {} : { value }),
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** In-place log-softmax of each `dim`-wide row (stable: subtracts the row max). */
export function logSoftmaxRows(data: Float32Array, dim: number): void {
  for (let row = 0; row < data.length; row += dim) {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = row; i < row + dim; i++) if ((data[i] as number) > max) max = data[i] as number;
    let sum = 0;
    for (let i = row; i < row + dim; i++) sum += Math.exp((data[i] as number) - max);
    const logZ = max + Math.log(sum);
    for (let i = row; i < row + dim; i++) data[i] = (data[i] as number) - logZ;
  }
}

function checkNoNaN(data: Float32Array, dim: number, error: (frame: number) => Error): void {
  for (let i = 0; i < data.length; i++) {
    if (Number.isNaN(data[i] as number)) throw error(Math.floor(i / dim));
  }
}
