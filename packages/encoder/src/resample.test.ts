import { describe, expect, it } from 'vitest';
import { readFixtureSamples } from '../test/helpers.js';
import { DEFAULT_LOGMEL, LogMelExtractor } from './features.js';
import { resample } from './resample.js';

const sine = (hz: number, rate: number, seconds: number, phase = 0) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.sin((2 * Math.PI * hz * i) / rate + phase),
  );

/** Gain in dB of a resampled sine, measured away from the edges. */
function gainDb(hz: number, from: number, to: number): number {
  const y = resample(sine(hz, from, 0.2), from, to);
  let power = 0;
  let n = 0;
  for (let i = Math.floor(y.length * 0.25); i < Math.floor(y.length * 0.75); i++) {
    power += (y[i] as number) ** 2;
    n++;
  }
  return 10 * Math.log10(power / n / 0.5);
}

describe('resample', () => {
  it('returns the input unchanged at the same rate, and ⌈n·to/from⌉ samples otherwise', () => {
    const x = new Float32Array(1000);
    expect(resample(x, 16000, 16000)).toBe(x);
    expect(resample(new Float32Array(44100), 44100, 16000).length).toBe(16000);
    expect(resample(new Float32Array(1001), 8000, 16000).length).toBe(2002);
    expect(resample(new Float32Array(10), 48000, 16000).length).toBe(4);
  });

  it.each([
    [44100, 1000],
    [48000, 3000],
    [8000, 1500],
    [22050, 5000],
  ])('%i Hz → 16 kHz reproduces a %i Hz sine sample by sample', (from, hz) => {
    const y = resample(sine(hz, from, 0.25, 0.3), from, 16000);
    const ref = sine(hz, 16000, 0.25, 0.3);
    let err = 0;
    for (let i = 1000; i < y.length - 1000; i++)
      err = Math.max(err, Math.abs((y[i] as number) - (ref[i] as number)));
    expect(err).toBeLessThan(1e-3);
  });

  it('44.1 kHz → 16 kHz: flat to 7.2 kHz, ≥ 80 dB rejection of what would alias', () => {
    for (const hz of [100, 3000, 6000, 7200])
      expect(Math.abs(gainDb(hz, 44100, 16000))).toBeLessThan(0.05);
    for (const hz of [8500, 9000, 12000, 20000]) expect(gainDb(hz, 44100, 16000)).toBeLessThan(-80);
  });

  it('keeps DC and tones at a ratio with more phases than tabulated (16001 Hz)', () => {
    const x = sine(1000, 16001, 0.25).map((v) => 0.25 + 0.5 * v);
    const y = resample(x, 16001, 16000);
    const ref = sine(1000, 16000, 0.25).map((v) => 0.25 + 0.5 * v);
    let err = 0;
    for (let i = 1000; i < 3000; i++)
      err = Math.max(err, Math.abs((y[i] as number) - (ref[i] as number)));
    expect(err).toBeLessThan(1e-3);
  });

  it('matches sox (which resampled the training data) in log-mel features of real speech', () => {
    // speech-16k.wav was made from speech-22050.wav by `sox … -r 16000` (16-bit, dithered)
    const ours = resample(readFixtureSamples('speech-22050.wav', 22050), 22050, 16000);
    const sox = readFixtureSamples('speech-16k.wav');
    const ex = new LogMelExtractor(DEFAULT_LOGMEL);
    const a = ex.compute(ours.subarray(0, sox.length));
    const b = ex.compute(sox);
    const meanDiff = (lo: number, hi: number) => {
      let sum = 0;
      let n = 0;
      for (let t = 0; t < b.frames; t++) {
        for (let m = lo; m < hi; m++) {
          const ref = b.data[t * 80 + m] as number;
          if (ref < -8) continue; // near-silent cells: dither noise dominates
          sum += Math.abs((a.data[t * 80 + m] as number) - ref);
          n++;
        }
      }
      return sum / n;
    };
    expect(meanDiff(0, 75)).toBeLessThan(0.01); // below ≈ 6.9 kHz
    expect(meanDiff(75, 80)).toBeLessThan(0.3); // the band where the two filters roll off
  });
});
