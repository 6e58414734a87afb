import { readFile } from 'node:fs/promises';
import { CtcBiasError } from '@ctcbias/core';
import wavefile from 'wavefile';
import { type ResampleOptions, resample } from './resample.js';

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

/** Reads and decodes a WAV file; see {@link decodeWav}. Errors name `path`. */
export async function readWav(path: string, options: ReadWavOptions = {}): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CtcBiasError(missing ? 'NOT_FOUND' : 'IO_ERROR', 'cannot read WAV file', {
      file: path,
      cause,
    });
  }
  return decodeWav(bytes, path, options);
}

/**
 * Decodes WAV bytes (RIFF, RIFX or RF64 container, parsed by the `wavefile` package): PCM 8/16/24/32
 * bit, IEEE float 32/64 bit, A-law, μ-law, plain or WAVE_FORMAT_EXTENSIBLE; any channel count
 * (averaged to mono); any sample rate (resampled, see {@link resample}).
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
  let wav: wavefile.WaveFile;
  try {
    wav = new wavefile.WaveFile(bytes);
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

  const { encoding, float32 } = classify(fmt, fail);
  // Read before any codec conversion: wavefile rebuilds (and clears) its header objects.
  const { numChannels: channels, sampleRate, blockAlign } = fmt;
  const samplesBytes = data.samples;
  if (encoding === 'alaw') wav.fromALaw('16');
  if (encoding === 'mulaw') wav.fromMuLaw('16');

  const mono = new Float32Array(frames);
  if (float32) {
    // WAVE_FORMAT_EXTENSIBLE float: wavefile picks its sample type from the bit depth alone and
    // would read these bytes as int32, so they are read here directly.
    const view = new DataView(samplesBytes.buffer, samplesBytes.byteOffset, frames * blockAlign);
    const little = wav.container !== 'RIFX';
    for (let i = 0; i < frames; i++) {
      let acc = 0;
      for (let c = 0; c < channels; c++) acc += view.getFloat32((i * channels + c) * 4, little);
      mono[i] = acc / channels;
    }
  } else {
    const raw = wav.getSamples(false, Float32Array) as unknown as Float32Array | Float32Array[];
    const perChannel = channels === 1 ? [raw as Float32Array] : (raw as Float32Array[]);
    const [scale, offset] = sampleScale(wav.bitDepth);
    for (const ch of perChannel) {
      for (let i = 0; i < frames; i++)
        mono[i] = (mono[i] as number) + ((ch[i] as number) - offset) * scale;
    }
    if (channels > 1) for (let i = 0; i < frames; i++) mono[i] = (mono[i] as number) / channels;
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

/** Maps the fmt chunk to an encoding name, rejecting what cannot be decoded. */
function classify(
  fmt: WavFmt,
  fail: (reason: string) => never,
): { encoding: string; float32: boolean } {
  const bits = fmt.bitsPerSample;
  let tag = fmt.audioFormat;
  if (tag === FORMAT_EXTENSIBLE) {
    const sub = fmt.subformat[0];
    if (sub === undefined) fail('WAVE_FORMAT_EXTENSIBLE without a subformat');
    tag = sub as number;
    if (tag === FORMAT_FLOAT && bits === 32) return { encoding: 'float32', float32: true };
  }
  if (tag === FORMAT_PCM && [8, 16, 24, 32].includes(bits)) {
    return { encoding: `pcm${bits}`, float32: false };
  }
  if (tag === FORMAT_FLOAT && (bits === 32 || bits === 64)) {
    return { encoding: `float${bits}`, float32: false };
  }
  if (tag === FORMAT_ALAW && bits === 8) return { encoding: 'alaw', float32: false };
  if (tag === FORMAT_MULAW && bits === 8) return { encoding: 'mulaw', float32: false };
  const hex = `0x${tag.toString(16).padStart(4, '0')}`;
  return fail(
    `unsupported WAV encoding (format tag ${hex}, ${bits} bits); supported: PCM 8/16/24/32-bit, float 32/64-bit, A-law, μ-law`,
  );
}

/** [scale, offset] mapping wavefile's raw integers to ±1: 8-bit PCM is unsigned around 128. */
function sampleScale(bitDepth: string): [number, number] {
  if (bitDepth === '32f' || bitDepth === '64') return [1, 0];
  const bits = Number.parseInt(bitDepth, 10);
  if (bits === 8) return [1 / 128, 128];
  return [1 / 2 ** (bits - 1), 0];
}
