import { CtcBiasError } from '@ctcbias/core';
import { RealFft } from './fft.js';

/** Analysis window shapes; "periodic" divides by N, "symmetric" by N − 1 (as `torch.*_window(periodic=…)`). */
export type WindowType =
  | 'hann-periodic'
  | 'hann-symmetric'
  | 'hamming-periodic'
  | 'hamming-symmetric';

/**
 * Log-mel filterbank settings — the `features` object of a `model.json`.
 *
 * The defaults ({@link DEFAULT_LOGMEL}) are exactly those of `recipes/base-model/features.py`
 * (the features the embedded model was trained on). The optional fields let other models'
 * front ends be described (NeMo: `preemphasis: 0.97`, `melScale: 'slaney'`, `melNorm: 'slaney'`,
 * `window: 'hann-symmetric'`, `center: true`, `logOffset: 2 ** -24`, `normalize: 'per-feature'`).
 *
 * Per frame t (no centering): samples `[t·hop, t·hop + windowLength)` × window, zero-padded to
 * `fftSize`, power spectrum |X|² (or |X| with `power: 1`), × mel filters, then `ln(mel + logOffset)`.
 */
export interface LogMelConfig {
  readonly kind?: 'logmel';
  /** Input sample rate; audio at another rate is resampled to it. */
  readonly sampleRate: number;
  readonly windowLength: number;
  readonly hopLength: number;
  /** Power of two ≥ windowLength. */
  readonly fftSize: number;
  readonly numMels: number;
  readonly melLowHz: number;
  readonly melHighHz: number;
  /** `htk`: 2595·log10(1 + f/700); `slaney`: linear below 1 kHz, logarithmic above (librosa default). */
  readonly melScale: 'htk' | 'slaney';
  /** `slaney`: scale each filter to unit area (librosa `norm='slaney'`). Default `none`. */
  readonly melNorm?: 'none' | 'slaney';
  readonly window: WindowType;
  /** Added before the natural log: `ln(mel + logOffset)`. */
  readonly logOffset: number;
  /**
   * false: frames = 1 + ⌊(n − windowLength) / hop⌋ (shorter input is zero-padded to one frame).
   * true: frame t is centred on sample t·hop with zero padding at both ends; frames = 1 + ⌊n / hop⌋
   * (as `torch.stft(center=True, pad_mode='constant')`).
   */
  readonly center: boolean;
  /** Pre-emphasis coefficient a: y[n] = x[n] − a·x[n−1]. Default none. */
  readonly preemphasis?: number;
  /** 2 = power spectrum (default), 1 = magnitude spectrum. */
  readonly power?: 1 | 2;
  /** `per-feature`: per mel bin, subtract the utterance mean and divide by (std + 1e-5), as NeMo. */
  readonly normalize?: 'none' | 'per-feature';
}

/**
 * Raw-waveform input (wav2vec2-style models): the model input is the samples themselves,
 * `frames` = samples and `dim` = 1. `normalize: 'utterance'` makes them zero-mean, unit-variance
 * (`(x − mean) / sqrt(var + 1e-7)`, as Hugging Face's `Wav2Vec2FeatureExtractor`).
 */
export interface WaveformConfig {
  readonly kind: 'waveform';
  readonly sampleRate: number;
  readonly normalize?: 'none' | 'utterance';
}

export type FeatureConfig = LogMelConfig | WaveformConfig;

/** The embedded model's features (recipes/base-model/features.py `FEATURES`). */
export const DEFAULT_LOGMEL: LogMelConfig = Object.freeze({
  kind: 'logmel',
  sampleRate: 16000,
  windowLength: 400,
  hopLength: 160,
  fftSize: 512,
  numMels: 80,
  melLowHz: 20,
  melHighHz: 8000,
  melScale: 'htk',
  window: 'hann-periodic',
  logOffset: 1e-6,
  center: false,
});

/**
 * A `frames × dim` float32 matrix, row-major — the model input before batching.
 *
 * ```ts
 * const f = computeFeatures(samples, DEFAULT_LOGMEL); // 1 s at 16 kHz
 * f.frames; // 98 = 1 + ⌊(16000 − 400) / 160⌋
 * f.dim;    // 80
 * f.data.subarray(3 * f.dim, 4 * f.dim); // frame 3's log-mel vector
 * ```
 */
export interface Features {
  readonly data: Float32Array;
  readonly frames: number;
  readonly dim: number;
}

const LOGMEL_KEYS: ReadonlySet<string> = new Set([
  'kind',
  'sampleRate',
  'windowLength',
  'hopLength',
  'fftSize',
  'numMels',
  'melLowHz',
  'melHighHz',
  'melScale',
  'melNorm',
  'window',
  'logOffset',
  'center',
  'preemphasis',
  'power',
  'normalize',
]);

function htkHzToMel(f: number): number {
  return 2595 * Math.log10(1 + f / 700);
}
function htkMelToHz(m: number): number {
  return 700 * (10 ** (m / 2595) - 1);
}
const SLANEY_STEP = 200 / 3;
const SLANEY_LOG_STEP = Math.log(6.4) / 27;
function slaneyHzToMel(f: number): number {
  return f < 1000 ? f / SLANEY_STEP : 1000 / SLANEY_STEP + Math.log(f / 1000) / SLANEY_LOG_STEP;
}
function slaneyMelToHz(m: number): number {
  const knee = 1000 / SLANEY_STEP;
  return m < knee ? m * SLANEY_STEP : 1000 * Math.exp(SLANEY_LOG_STEP * (m - knee));
}

/**
 * Triangular mel filters as a dense `(fftSize/2 + 1) × numMels` float64 matrix, row-major by FFT
 * bin — the same construction as `mel_filterbank()` in features.py (and librosa's `mel()`).
 */
export function melFilterbank(cfg: LogMelConfig): Float64Array {
  const bins = cfg.fftSize / 2 + 1;
  const n = cfg.numMels;
  const [toMel, toHz] =
    cfg.melScale === 'htk' ? [htkHzToMel, htkMelToHz] : [slaneyHzToMel, slaneyMelToHz];
  const lo = toMel(cfg.melLowHz);
  const hi = toMel(cfg.melHighHz);
  const hz = Array.from({ length: n + 2 }, (_, i) => toHz(lo + ((hi - lo) * i) / (n + 1)));
  const fb = new Float64Array(bins * n);
  for (let k = 0; k < bins; k++) {
    const f = (k * cfg.sampleRate) / cfg.fftSize;
    for (let m = 0; m < n; m++) {
      const left = hz[m] as number;
      const center = hz[m + 1] as number;
      const right = hz[m + 2] as number;
      let w = Math.min((f - left) / (center - left), (right - f) / (right - center));
      if (w > 0) {
        if (cfg.melNorm === 'slaney') w *= 2 / (right - left);
        fb[k * n + m] = w;
      }
    }
  }
  return fb;
}

/** The analysis window as float64. */
export function analysisWindow(type: WindowType, length: number): Float64Array {
  const [a0, periodic] =
    type === 'hann-periodic'
      ? [0.5, true]
      : type === 'hann-symmetric'
        ? [0.5, false]
        : type === 'hamming-periodic'
          ? [0.54, true]
          : [0.54, false];
  const denom = periodic ? length : length - 1;
  return Float64Array.from({ length }, (_, i) =>
    denom === 0 ? 1 : a0 - (1 - a0) * Math.cos((2 * Math.PI * i) / denom),
  );
}

/** One mel filter's non-zero FFT-bin range and weights. */
interface SparseFilter {
  readonly start: number;
  readonly weights: Float64Array;
}

/**
 * Log-mel extractor with precomputed window, FFT tables and sparse mel filters; reusable across
 * calls (not re-entrant: one instance per concurrent caller).
 */
export class LogMelExtractor {
  readonly config: LogMelConfig;
  private readonly window: Float64Array;
  private readonly fft: RealFft;
  private readonly filters: readonly SparseFilter[];
  private readonly frame: Float64Array;
  private readonly power: Float64Array;

  constructor(config: LogMelConfig) {
    validateLogMelConfig(config);
    this.config = config;
    this.window = analysisWindow(config.window, config.windowLength);
    this.fft = new RealFft(config.fftSize);
    const bins = config.fftSize / 2 + 1;
    const dense = melFilterbank(config);
    const filters: SparseFilter[] = [];
    for (let m = 0; m < config.numMels; m++) {
      let first = -1;
      let last = -1;
      for (let k = 0; k < bins; k++) {
        if ((dense[k * config.numMels + m] as number) !== 0) {
          if (first < 0) first = k;
          last = k;
        }
      }
      const weights = new Float64Array(first < 0 ? 0 : last - first + 1);
      for (let k = first; k >= 0 && k <= last; k++) {
        weights[k - first] = dense[k * config.numMels + m] as number;
      }
      filters.push({ start: Math.max(first, 0), weights });
    }
    this.filters = filters;
    this.frame = new Float64Array(config.fftSize);
    this.power = new Float64Array(bins);
  }

  /** Number of frames produced for `samples` input samples. */
  frameCount(samples: number): number {
    const { windowLength: w, hopLength: hop, center } = this.config;
    if (center) return 1 + Math.floor(samples / hop);
    return samples < w ? 1 : 1 + Math.floor((samples - w) / hop);
  }

  /** Log-mel features of mono samples in [−1, 1] at `config.sampleRate`. */
  compute(samples: Float32Array): Features {
    const cfg = this.config;
    const { windowLength: w, hopLength: hop, numMels } = cfg;
    const frames = this.frameCount(samples.length);
    const out = new Float32Array(frames * numMels);
    const { frame, power, window, filters } = this;
    const pre = cfg.preemphasis ?? 0;
    const magnitude = cfg.power === 1;
    const offset = cfg.logOffset;
    const n = samples.length;
    // Window start relative to the frame's anchor t·hop: 0, or centred like torch.stft(center=True)
    const shift = cfg.center ? -Math.floor(cfg.fftSize / 2) + Math.floor((cfg.fftSize - w) / 2) : 0;
    for (let t = 0; t < frames; t++) {
      const start = t * hop + shift;
      frame.fill(0);
      for (let i = 0; i < w; i++) {
        const j = start + i;
        if (j < 0 || j >= n) continue;
        let x = samples[j] as number;
        if (pre !== 0 && j > 0) x -= pre * (samples[j - 1] as number);
        frame[i] = x * (window[i] as number);
      }
      this.fft.powerSpectrum(frame, power);
      if (magnitude)
        for (let k = 0; k < power.length; k++) power[k] = Math.sqrt(power[k] as number);
      const row = t * numMels;
      for (let m = 0; m < numMels; m++) {
        const f = filters[m] as SparseFilter;
        let acc = 0;
        for (let k = 0; k < f.weights.length; k++) {
          acc += (power[f.start + k] as number) * (f.weights[k] as number);
        }
        out[row + m] = Math.log(acc + offset);
      }
    }
    if (cfg.normalize === 'per-feature') normalizePerFeature(out, frames, numMels);
    return { data: out, frames, dim: numMels };
  }
}

/** NeMo `normalize: per_feature`: (x − mean) / (std + 1e-5) per column, std with n − 1. */
function normalizePerFeature(data: Float32Array, frames: number, dim: number): void {
  for (let m = 0; m < dim; m++) {
    let sum = 0;
    for (let t = 0; t < frames; t++) sum += data[t * dim + m] as number;
    const mean = sum / frames;
    let sq = 0;
    for (let t = 0; t < frames; t++) sq += ((data[t * dim + m] as number) - mean) ** 2;
    const std = frames > 1 ? Math.sqrt(sq / (frames - 1)) : 0;
    for (let t = 0; t < frames; t++) {
      data[t * dim + m] = ((data[t * dim + m] as number) - mean) / (std + 1e-5);
    }
  }
}

/** The raw-waveform "features": a copy of the samples, optionally utterance-normalised. */
function waveformFeatures(samples: Float32Array, cfg: WaveformConfig): Features {
  const data = Float32Array.from(samples);
  if (cfg.normalize === 'utterance' && data.length > 0) {
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i] as number;
    const mean = sum / data.length;
    let sq = 0;
    for (let i = 0; i < data.length; i++) sq += ((data[i] as number) - mean) ** 2;
    const scale = 1 / Math.sqrt(sq / data.length + 1e-7);
    for (let i = 0; i < data.length; i++) data[i] = ((data[i] as number) - mean) * scale;
  }
  return { data, frames: data.length, dim: 1 };
}

/**
 * Features for any {@link FeatureConfig}. Prefer {@link createFeatureExtractor} when computing
 * many utterances (it keeps the FFT tables and filters).
 */
export function computeFeatures(samples: Float32Array, config: FeatureConfig): Features {
  return createFeatureExtractor(config)(samples);
}

/** A reusable `samples → Features` function for `config`. */
export function createFeatureExtractor(config: FeatureConfig): (samples: Float32Array) => Features {
  if (config.kind === 'waveform') return (samples) => waveformFeatures(samples, config);
  const extractor = new LogMelExtractor(config);
  return (samples) => extractor.compute(samples);
}

/** Throws INVALID_ARGUMENT for an out-of-range or unknown log-mel setting. */
export function validateLogMelConfig(cfg: LogMelConfig): void {
  for (const key of Object.keys(cfg)) {
    if (!LOGMEL_KEYS.has(key)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'unknown feature setting', { value: key });
    }
  }
  const bad = (field: string, value: unknown): never => {
    throw new CtcBiasError('INVALID_ARGUMENT', `invalid feature setting ${field}`, { value });
  };
  for (const field of ['sampleRate', 'windowLength', 'hopLength', 'fftSize', 'numMels'] as const) {
    const v = cfg[field];
    if (!Number.isInteger(v) || v <= 0) bad(field, v);
  }
  const { fftSize } = cfg;
  if ((fftSize & (fftSize - 1)) !== 0 || fftSize < 4) bad('fftSize (power of two ≥ 4)', fftSize);
  if (cfg.windowLength > fftSize) bad('windowLength (must be ≤ fftSize)', cfg.windowLength);
  if (!(cfg.melLowHz >= 0 && cfg.melHighHz > cfg.melLowHz && cfg.melHighHz <= cfg.sampleRate / 2)) {
    bad('melLowHz/melHighHz (0 ≤ low < high ≤ sampleRate/2)', [cfg.melLowHz, cfg.melHighHz]);
  }
  if (cfg.melScale !== 'htk' && cfg.melScale !== 'slaney') bad('melScale', cfg.melScale);
  if (
    !['hann-periodic', 'hann-symmetric', 'hamming-periodic', 'hamming-symmetric'].includes(
      cfg.window,
    )
  ) {
    bad('window', cfg.window);
  }
  if (!(cfg.logOffset > 0)) bad('logOffset (must be > 0)', cfg.logOffset);
  if (typeof cfg.center !== 'boolean') bad('center', cfg.center);
  if (cfg.power !== undefined && cfg.power !== 1 && cfg.power !== 2) bad('power', cfg.power);
  if (cfg.melNorm !== undefined && cfg.melNorm !== 'none' && cfg.melNorm !== 'slaney') {
    bad('melNorm', cfg.melNorm);
  }
  if (cfg.normalize !== undefined && cfg.normalize !== 'none' && cfg.normalize !== 'per-feature') {
    bad('normalize', cfg.normalize);
  }
  if (cfg.preemphasis !== undefined && !(cfg.preemphasis >= 0 && cfg.preemphasis < 1)) {
    bad('preemphasis', cfg.preemphasis);
  }
}
