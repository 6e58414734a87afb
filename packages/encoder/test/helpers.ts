import { readFileSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wavefile from 'wavefile';

/** Committed fixtures (see test/fixtures/make_fixtures.py). */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

/** Untrained plumbing models: for shapes, errors, chunking and backends only. */
export const PLUMBING = {
  conformer: fixture('plumbing-conformer'),
  local: fixture('plumbing-local'),
  nemoLike: fixture('plumbing-nemo-like'),
  hfLike: fixture('plumbing-hf-like'),
} as const;

/** A mono int16 fixture WAV as floats (int16 / 32768), read with wavefile; checks its rate. */
export function readFixtureSamples(name: string, rate = 16000): Float32Array {
  const wav = new wavefile.WaveFile(readFileSync(fixture('wav', name)));
  if ((wav.fmt as { sampleRate: number }).sampleRate !== rate)
    throw new Error(`${name} is not ${rate} Hz`);
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array;
  return Float32Array.from(raw, (v) => v / 32768);
}

/** Float32 little-endian file as an array. */
export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

export interface ExpectedOutput {
  readonly dim: number;
  readonly data: number[];
}

/** Torch outputs written by make_fixtures.py for wav/synthetic-odd.wav. */
export function readExpected(dir: string): {
  frames: number;
  logprobs: ExpectedOutput;
  phoneLogprobs?: ExpectedOutput;
  hiddenMid?: ExpectedOutput;
  hiddenLast?: ExpectedOutput;
} {
  return JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
}

/** Copies a fixture directory into a fresh temporary directory (to corrupt it safely). */
export async function copyToTemp(dir: string): Promise<string> {
  const tmp = await mkdtemp(join(tmpdir(), 'ctcbias-encoder-'));
  await cp(dir, tmp, { recursive: true });
  return tmp;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ctcbias-encoder-'));
}

export function maxAbsDiff(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  from = 0,
  to = a.length,
): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** 16 kHz test signal: tones plus seeded noise (deterministic). */
export function testSignal(seconds: number, rate = 16000, seed = 1): Float32Array {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => {
    const t = i / rate;
    return (
      0.3 * Math.sin(2 * Math.PI * 200 * t) * (1 + Math.sin(2 * Math.PI * 2 * t)) +
      0.1 * Math.sin(2 * Math.PI * 2500 * t) +
      0.05 * rand()
    );
  });
}
