import { CtcBiasError } from '@ctcbias/core';
import * as wavefileModule from 'wavefile';
import { type ResampleOptions, resample } from './resample.js';

/**
 * wavefile's class: a named export of its ES module (what bundlers pick), under `default` in its
 * CommonJS build (what Node loads).
 */
const WaveFile: typeof wavefileModule.WaveFile =
  (wavefileModule as { WaveFile?: typeof wavefileModule.WaveFile }).WaveFile ??
  (Reflect.get(wavefileModule, 'default') as typeof wavefileModule).WaveFile;

/**
 * Mono audio decoded from a WAV file.
 *
 * ```ts
 * const a = await readWav('call.wav');  // 44.1 kHz stereo, 16-bit
 * a.sampleRate;        // 16000 (resampled)
 * a.source;            // { sampleRate: 44100, channels: 2, encoding: 'pcm16' }
 * a.samples.length;    // ≈ 16000 × seconds; values in [−1, 1], channels averaged
 * ```
 */
export interface DecodedAudio {
  /** Mono samples (channels averaged), full scale = ±1 (int16 values are divided by 32768). */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly source: {
    readonly sampleRate: number;
    readonly channels: number;
    /** `pcm8`, `pcm16`, `pcm24`, `pcm32`, `float32`, `float64`, `alaw` or `mulaw`. */
    readonly encoding: string;
  };
}

export interface ReadWavOptions {
  /** Output sample rate; the audio is resampled when it differs. Default 16000. */
  readonly sampleRate?: number;
  readonly resample?: ResampleOptions;
}

/** The parts of wavefile's untyped `fmt` / `data` objects read here. */
interface WavFmt {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  subformat: number[];
}
interface WavData {
  chunkSize: number;
  samples: Uint8Array;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Written by streaming encoders that do not know the length in advance. */
const UNKNOWN_SIZE = 0xffffffff;

/**
 * Decodes WAV bytes: PCM 8/16/24/32 bit, IEEE float 32/64 bit, A-law, μ-law, plain or
 * WAVE_FORMAT_EXTENSIBLE; any channel count (averaged to mono); any sample rate (resampled, see
 * {@link resample}). The `wavefile` package parses the container (RIFF, RIFX or RF64: chunks,
 * `fmt `, `data`) and decodes A-law/μ-law; PCM and float samples are then read from the located
 * data bytes with a DataView (about 10× faster than wavefile's `getSamples`).
 *
 * Throws `CtcBiasError('WAV_ERROR')` naming `name` for an empty, corrupt or truncated file, an
 * unsupported encoding, no samples, or non-finite float samples.
 */
export function decodeWav(
  bytes: Uint8Array,
  name: string,
  options: ReadWavOptions = {},
): DecodedAudio {
  const fail = (reason: string, cause?: unknown): never => {
    throw new CtcBiasError(
      'WAV_ERROR',
      reason,
      cause === undefined ? { file: name } : { file: name, cause },
    );
  };
  if (bytes.length === 0) fail('empty file');
  let wav: InstanceType<typeof WaveFile>;
  try {
    wav = new WaveFile(bytes);
  } catch (cause) {
    return fail(`not a readable WAV file (${(cause as Error).message})`, cause);
  }
  const fmt = wav.fmt as WavFmt;
  const data = wav.data as WavData;
  if (!(fmt.numChannels > 0)) fail(`invalid channel count ${fmt.numChannels}`);
  if (!(fmt.sampleRate > 0)) fail(`invalid sample rate ${fmt.sampleRate}`);
  if (!(fmt.blockAlign > 0)) fail(`invalid block alignment ${fmt.blockAlign}`);
  const available = data.samples.length;
  if (data.chunkSize !== UNKNOWN_SIZE && available < data.chunkSize) {
    fail(
      `truncated: the data chunk declares ${data.chunkSize} bytes but only ${available} are present`,
    );
  }
  const frames = Math.floor(available / fmt.blockAlign);
  if (frames === 0) fail('no audio samples');

  const { encoding, bits, float } = classify(fmt, fail);
  // Read before any codec conversion: wavefile rebuilds (and clears) its header objects.
  const { numChannels: channels, sampleRate, blockAlign } = fmt;
  if (blockAlign < channels * (bits / 8)) {
    fail(`block alignment ${blockAlign} too small for ${channels} × ${bits}-bit samples`);
  }
  let mono: Float32Array;
  if (encoding === 'alaw' || encoding === 'mulaw') {
    // wavefile's codecs expand the companded 8-bit samples to 16-bit little-endian PCM
    if (encoding === 'alaw') wav.fromALaw('16');
    else wav.fromMuLaw('16');
    const pcm = (wav.data as WavData).samples;
    mono = unpackMono(pcm, frames, channels, channels * 2, 2, false, true);
  } else {
    const little = wav.container !== 'RIFX';
    mono = unpackMono(data.samples, frames, channels, blockAlign, bits / 8, float, little);
  }
  for (let i = 0; i < frames; i++) {
    if (!Number.isFinite(mono[i] as number)) fail(`non-finite sample at frame ${i}`);
  }
  const target = options.sampleRate ?? 16000;
  return {
    samples: resample(mono, sampleRate, target, options.resample),
    sampleRate: target,
    source: { sampleRate, channels, encoding },
  };
}

/** Maps the fmt chunk to an encoding, rejecting what cannot be decoded. */
function classify(
  fmt: WavFmt,
  fail: (reason: string) => never,
): { encoding: string; bits: number; float: boolean } {
  const bits = fmt.bitsPerSample;
  let tag = fmt.audioFormat;
  if (tag === FORMAT_EXTENSIBLE) {
    const sub = fmt.subformat[0];
    if (sub === undefined) fail('WAVE_FORMAT_EXTENSIBLE without a subformat');
    tag = sub as number;
  }
  if (tag === FORMAT_PCM && [8, 16, 24, 32].includes(bits)) {
    return { encoding: `pcm${bits}`, bits, float: false };
  }
  if (tag === FORMAT_FLOAT && (bits === 32 || bits === 64)) {
    return { encoding: `float${bits}`, bits, float: true };
  }
  if (tag === FORMAT_ALAW && bits === 8) return { encoding: 'alaw', bits, float: false };
  if (tag === FORMAT_MULAW && bits === 8) return { encoding: 'mulaw', bits, float: false };
  const hex = `0x${tag.toString(16).padStart(4, '0')}`;
  return fail(
    `unsupported WAV encoding (format tag ${hex}, ${bits} bits); supported: PCM 8/16/24/32-bit, float 32/64-bit, A-law, μ-law`,
  );
}

/**
 * Channel-averaged samples at full scale ±1 from interleaved PCM/float bytes (the data chunk
 * located by wavefile). Integer PCM is divided by 2^(bits−1) (int16 / 32768, as in training);
 * 8-bit PCM is unsigned around 128.
 */
function unpackMono(
  bytes: Uint8Array,
  frames: number,
  channels: number,
  blockAlign: number,
  width: number,
  float: boolean,
  little: boolean,
): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read: (offset: number) => number = float
    ? width === 4
      ? (o) => view.getFloat32(o, little)
      : (o) => view.getFloat64(o, little)
    : width === 1
      ? (o) => ((view.getUint8(o) as number) - 128) / 128
      : width === 2
        ? (o) => view.getInt16(o, little) / 32768
        : width === 3
          ? (o) => {
              const [b0, b2] = little ? [o, o + 2] : [o + 2, o];
              const v = view.getUint8(b0) | (view.getUint8(o + 1) << 8) | (view.getInt8(b2) << 16);
              return v / 8388608;
            }
          : (o) => view.getInt32(o, little) / 2147483648;
  const mono = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) acc += read(i * blockAlign + c * width);
    mono[i] = channels === 1 ? acc : acc / channels;
  }
  return mono;
}
