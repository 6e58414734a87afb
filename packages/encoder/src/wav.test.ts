import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CtcBiasError } from '@ctcbias/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { fixture, readFixtureSamples, tempDir } from '../test/helpers.js';
import { decodeWav } from './wav.js';
import { readWav } from './wav-file.js';

type Samples = Int32Array | Float32Array | Float64Array | Uint8Array | Int16Array;

/** WAV bytes written by wavefile (the writer side of the library this package reads with). */
function makeWav(bitDepth: string, rate: number, channels: Samples[]): Uint8Array {
  const w = new wavefile.WaveFile();
  w.fromScratch(
    channels.length,
    rate,
    bitDepth,
    channels.length === 1 ? (channels[0] as Samples) : channels,
  );
  return w.toBuffer();
}

/** A WAVE_FORMAT_EXTENSIBLE file with IEEE-float subformat (wavefile cannot write one). */
function extensibleFloatWav(rate: number, samples: Float32Array): Uint8Array {
  const data = new Uint8Array(samples.buffer.slice(0));
  const buf = new ArrayBuffer(12 + 48 + 8 + data.length);
  const v = new DataView(buf);
  const ascii = (o: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, buf.byteLength - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 40, true);
  v.setUint16(20, 0xfffe, true);
  v.setUint16(22, 1, true); // channels
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 4, true);
  v.setUint16(32, 4, true); // block align
  v.setUint16(34, 32, true); // bits
  v.setUint16(36, 22, true); // cbSize
  v.setUint16(38, 32, true); // valid bits
  v.setUint32(40, 4, true); // channel mask
  const guid = [0x03, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71];
  new Uint8Array(buf).set(guid, 44);
  ascii(60, 'data');
  v.setUint32(64, data.length, true);
  new Uint8Array(buf).set(data, 68);
  return new Uint8Array(buf);
}

const decode = (bytes: Uint8Array, rate = 16000) =>
  Array.from(decodeWav(bytes, 'x.wav', { sampleRate: rate }).samples);

async function wavError(bytes: Uint8Array): Promise<CtcBiasError> {
  try {
    decodeWav(bytes, 'bad.wav');
  } catch (e) {
    if (e instanceof CtcBiasError) return e;
    throw e;
  }
  throw new Error('expected a WAV_ERROR');
}

describe('decodeWav: encodings', () => {
  it('scales PCM 8/16/24/32-bit to ±1 (int16 / 32768, as in training)', () => {
    expect(decode(makeWav('8', 16000, [Uint8Array.from([0, 128, 192, 255])]))).toEqual([
      -1,
      0,
      0.5,
      127 / 128,
    ]);
    expect(decode(makeWav('16', 16000, [Int16Array.from([-32768, 0, 16384, 32767])]))).toEqual([
      -1,
      0,
      0.5,
      32767 / 32768,
    ]);
    expect(decode(makeWav('24', 16000, [Int32Array.from([-(2 ** 23), 2 ** 22])]))).toEqual([
      -1, 0.5,
    ]);
    expect(decode(makeWav('32', 16000, [Int32Array.from([-(2 ** 31), 2 ** 30])]))).toEqual([
      -1, 0.5,
    ]);
  });

  it('reads float 32/64-bit, plain and WAVE_FORMAT_EXTENSIBLE', () => {
    expect(decode(makeWav('32f', 16000, [Float32Array.from([0.25, -0.5])]))).toEqual([0.25, -0.5]);
    expect(decode(makeWav('64', 16000, [Float64Array.from([0.125, -1])]))).toEqual([0.125, -1]);
    const ext = decodeWav(extensibleFloatWav(16000, Float32Array.from([0.75, -0.125, 0])), 'x.wav');
    expect(Array.from(ext.samples)).toEqual([0.75, -0.125, 0]);
    expect(ext.source.encoding).toBe('float32');
  });

  it('reads A-law and μ-law', () => {
    for (const [codec, name] of [
      ['toALaw', 'alaw'],
      ['toMuLaw', 'mulaw'],
    ] as const) {
      const w = new wavefile.WaveFile();
      w.fromScratch(1, 16000, '16', Int16Array.from([0, 8000, -16000]));
      w[codec]();
      const a = decodeWav(w.toBuffer(), 'x.wav');
      expect(a.source.encoding).toBe(name);
      expect(a.samples[1]).toBeCloseTo(8000 / 32768, 2);
      expect(a.samples[2]).toBeCloseTo(-16000 / 32768, 2);
    }
  });

  it('averages channels to mono', () => {
    const a = decodeWav(
      makeWav('16', 16000, [Int16Array.from([16384, 0]), Int16Array.from([-8192, 8192])]),
      'stereo.wav',
    );
    expect(Array.from(a.samples)).toEqual([0.125, 0.125]);
    expect(a.source).toEqual({ sampleRate: 16000, channels: 2, encoding: 'pcm16' });
  });

  it('reads big-endian RIFX and multi-channel 24-bit and float', () => {
    const w = new wavefile.WaveFile(
      makeWav('24', 16000, [Int32Array.from([2 ** 22, -(2 ** 23)]), Int32Array.from([0, 2 ** 21])]),
    );
    w.toRIFX();
    const a = decodeWav(w.toBuffer(), 'x.wav');
    expect(Array.from(a.samples)).toEqual([0.25, -0.375]);
    const f = new wavefile.WaveFile(
      makeWav('64', 16000, [
        Float64Array.from([0.5]),
        Float64Array.from([0]),
        Float64Array.from([-0.25]),
      ]),
    );
    f.toRIFX();
    expect(decodeWav(f.toBuffer(), 'x.wav').samples[0]).toBeCloseTo(0.25 / 3, 7);
  });

  it('resamples to the requested rate (default 16 kHz)', () => {
    const tone = Int16Array.from({ length: 11025 }, (_, i) =>
      Math.round(10000 * Math.sin((2 * Math.PI * 440 * i) / 44100)),
    );
    const a = decodeWav(makeWav('16', 44100, [tone]), 'cd.wav');
    expect(a.sampleRate).toBe(16000);
    expect(a.source.sampleRate).toBe(44100);
    expect(a.samples.length).toBe(4000);
    expect(a.samples[2000]).toBeCloseTo(
      (10000 / 32768) * Math.sin((2 * Math.PI * 440 * 2000) / 16000),
      3,
    );
    expect(
      decodeWav(makeWav('16', 8000, [Int16Array.from([1, 2, 3])]), 'x.wav').samples.length,
    ).toBe(6);
    expect(
      decodeWav(makeWav('16', 8000, [Int16Array.from([1, 2, 3])]), 'x.wav', { sampleRate: 8000 })
        .samples.length,
    ).toBe(3);
  });

  it('readWav reads a committed fixture like the Python reference reader', async () => {
    const a = await readWav(fixture('wav', 'synthetic-odd.wav'));
    expect(Array.from(a.samples)).toEqual(Array.from(readFixtureSamples('synthetic-odd.wav')));
  });
});

describe('decodeWav: errors name the file', () => {
  const good = makeWav('16', 16000, [Int16Array.from({ length: 100 }, (_, i) => i)]);

  it.each([
    ['an empty file', new Uint8Array(0), /empty file/],
    [
      'not a WAV file',
      new TextEncoder().encode('ID3 this is an mp3, honest'.repeat(4)),
      /not a readable WAV/,
    ],
    ['only a header', good.slice(0, 36), /not a readable WAV/],
    ['a truncated data chunk', good.slice(0, good.length - 51), /truncated/],
    ['no samples', makeWav('16', 16000, [new Int16Array(0)]), /no audio samples/],
  ])('%s → WAV_ERROR', async (_name, bytes, message) => {
    const e = await wavError(bytes);
    expect(e.code).toBe('WAV_ERROR');
    expect(e.file).toBe('bad.wav');
    expect(e.message).toMatch(/^bad\.wav: /);
    expect(e.message).toMatch(message);
  });

  it('unsupported encodings → WAV_ERROR naming the format', async () => {
    const adpcm = new wavefile.WaveFile();
    adpcm.fromScratch(1, 8000, '16', new Int16Array(505));
    adpcm.toIMAADPCM();
    expect((await wavError(adpcm.toBuffer())).message).toMatch(
      /unsupported WAV encoding \(format tag 0x0011/,
    );
    const mp3 = good.slice();
    new DataView(mp3.buffer).setUint16(20, 0x55, true); // WAVE_FORMAT_MPEGLAYER3
    const e = await wavError(mp3);
    expect([e.code, e.file]).toEqual(['WAV_ERROR', 'bad.wav']);
    expect(e.message).toMatch(/0x0055/);
  });

  it('non-finite float samples → WAV_ERROR', async () => {
    const e = await wavError(makeWav('32f', 16000, [Float32Array.from([0, Number.NaN])]));
    expect(e.message).toMatch(/non-finite sample at frame 1/);
  });

  it('readWav: a corrupt file on disk → WAV_ERROR with its path; a missing one → NOT_FOUND', async () => {
    const dir = await tempDir();
    const path = join(dir, 'corrupt.wav');
    await writeFile(path, good.slice(0, 60));
    await expect(readWav(path)).rejects.toMatchObject({ code: 'WAV_ERROR', file: path });
    await expect(readWav(join(dir, 'missing.wav'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('decodeWav: properties', () => {
  const depths = {
    '8': (x: number) => Math.round(128 + 127 * x),
    '16': (x: number) => Math.round(32767 * x),
    '24': (x: number) => Math.round(8388607 * x),
    '32f': (x: number) => x,
  } as const;

  it('any valid PCM or float WAV decodes to finite 16 kHz mono of the right length', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(depths) as (keyof typeof depths)[])),
        fc.constantFrom(8000, 11025, 16000, 22050, 44100, 48000),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 400 }),
        (depth, rate, channelCount, values) => {
          const channels = Array.from({ length: channelCount }, (_, c) => {
            const xs = values.map((x) => depths[depth](c % 2 === 0 ? x : -x));
            return depth === '32f' ? Float32Array.from(xs) : Int32Array.from(xs);
          });
          const a = decodeWav(makeWav(depth, rate, channels), 'p.wav');
          expect(a.sampleRate).toBe(16000);
          expect(a.source).toMatchObject({ sampleRate: rate, channels: channelCount });
          expect(Math.abs(a.samples.length - (values.length * 16000) / rate)).toBeLessThanOrEqual(
            1,
          );
          for (const x of a.samples) expect(Number.isFinite(x)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('arbitrary bytes either decode or fail with a CtcBiasError naming the file', () => {
    const header = makeWav('16', 16000, [Int16Array.from([1, 2, 3, 4])]);
    let failed = 0;
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 0, max: 60 }),
        (noise, keep) => {
          // a real header cut at `keep` bytes, then noise: truncated and corrupt files alike
          const bytes = new Uint8Array([...header.slice(0, keep), ...noise]);
          try {
            decodeWav(bytes, 'noise.wav');
          } catch (e) {
            failed++;
            expect(e).toBeInstanceOf(CtcBiasError);
            expect((e as CtcBiasError).message).toContain('noise.wav');
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(failed).toBeGreaterThan(100);
  });
});
