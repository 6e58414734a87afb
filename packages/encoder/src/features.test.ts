import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, maxAbsDiff, readF32, readFixtureSamples, testSignal } from '../test/helpers.js';
import {
  analysisWindow,
  computeFeatures,
  DEFAULT_LOGMEL,
  type LogMelConfig,
  LogMelExtractor,
  melFilterbank,
} from './features.js';

interface FeatureIndex {
  features: Record<string, unknown>;
  items: { wav: string; features: string; frames: number; numMels: number }[];
}
const index: FeatureIndex = JSON.parse(readFileSync(fixture('features', 'index.json'), 'utf8'));

describe('log-mel parity with recipes/base-model/features.py', () => {
  it('DEFAULT_LOGMEL equals the FEATURES the fixtures were computed with', () => {
    const { inputScale: _scale, ...python } = index.features;
    expect({ ...DEFAULT_LOGMEL, kind: undefined }).toEqual({ ...python, kind: undefined });
  });

  const extractor = new LogMelExtractor(DEFAULT_LOGMEL);
  it.each(index.items)('$wav: max |TS − Python| ≤ 1e-3 (log domain)', (item) => {
    const f = extractor.compute(readFixtureSamples(item.wav));
    expect([f.frames, f.dim]).toEqual([item.frames, item.numMels]);
    const diff = maxAbsDiff(f.data, readF32(fixture('features', item.features)));
    expect(diff).toBeLessThanOrEqual(1e-3);
  });

  it('the fixtures cover an odd length, digital silence and input shorter than a window', () => {
    const lengths = index.items.map((i) => readFixtureSamples(i.wav).length);
    expect(lengths.some((n) => n % 2 === 1)).toBe(true);
    expect(lengths.some((n) => n < DEFAULT_LOGMEL.windowLength)).toBe(true);
    const odd = extractor.compute(readFixtureSamples('synthetic-odd.wav'));
    expect(odd.data[0]).toBeCloseTo(Math.log(DEFAULT_LOGMEL.logOffset), 5); // silent frame
  });
});

describe('LogMelExtractor', () => {
  const ex = new LogMelExtractor(DEFAULT_LOGMEL);

  it('counts frames without centering: 1 + ⌊(n − 400) / 160⌋, at least 1', () => {
    expect([0, 1, 399, 400, 559, 560, 16000].map((n) => ex.frameCount(n))).toEqual([
      1, 1, 1, 1, 1, 2, 98,
    ]);
    expect(ex.compute(new Float32Array(16000)).frames).toBe(98);
  });

  it('HTK filters: triangles peaking at ≤ 1 that cover 20 … 8000 Hz', () => {
    const fb = melFilterbank(DEFAULT_LOGMEL);
    const bins = DEFAULT_LOGMEL.fftSize / 2 + 1;
    for (let m = 0; m < 80; m++) {
      let peak = 0;
      for (let k = 0; k < bins; k++) peak = Math.max(peak, fb[k * 80 + m] as number);
      expect(peak).toBeGreaterThan(0.3);
      expect(peak).toBeLessThanOrEqual(1);
    }
    expect(fb[0 * 80 + 0]).toBe(0); // 0 Hz is below melLowHz
  });

  it('slaney norm scales each filter to unit area in Hz (2 / bandwidth peak)', () => {
    const cfg: LogMelConfig = {
      ...DEFAULT_LOGMEL,
      melScale: 'slaney',
      melNorm: 'slaney',
      fftSize: 4096,
    };
    const fb = melFilterbank(cfg);
    const binHz = cfg.sampleRate / cfg.fftSize;
    for (const m of [5, 40, 75]) {
      let area = 0;
      for (let k = 0; k <= cfg.fftSize / 2; k++) area += (fb[k * 80 + m] as number) * binHz;
      expect(area).toBeCloseTo(1, 2);
    }
  });

  it('center: true equals the uncentred frames of the input zero-padded by half a window', () => {
    const x = testSignal(0.3);
    const centred = new LogMelExtractor({ ...DEFAULT_LOGMEL, center: true }).compute(x);
    expect(centred.frames).toBe(1 + Math.floor(x.length / 160));
    const padded = new Float32Array(x.length + 400);
    padded.set(x, 200);
    const plain = ex.compute(padded);
    expect(maxAbsDiff(centred.data, plain.data.subarray(0, centred.data.length))).toBeLessThan(
      1e-5,
    );
  });

  it('pre-emphasis equals filtering the signal first', () => {
    const x = testSignal(0.2);
    const y = Float32Array.from(x, (v, i) => (i === 0 ? v : v - 0.97 * (x[i - 1] as number)));
    const a = new LogMelExtractor({ ...DEFAULT_LOGMEL, preemphasis: 0.97 }).compute(x);
    expect(maxAbsDiff(a.data, ex.compute(y).data)).toBeLessThan(1e-4);
  });

  it('per-feature normalisation gives zero-mean, unit-variance columns', () => {
    const f = new LogMelExtractor({ ...DEFAULT_LOGMEL, normalize: 'per-feature' }).compute(
      testSignal(0.5),
    );
    for (const m of [0, 40, 79]) {
      const col = Array.from({ length: f.frames }, (_, t) => f.data[t * 80 + m] as number);
      const mean = col.reduce((a, b) => a + b) / col.length;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / (col.length - 1));
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      expect(sd).toBeCloseTo(1, 3);
    }
  });

  it('power 1 (magnitude) changes the features', () => {
    const x = testSignal(0.1);
    const mag = new LogMelExtractor({ ...DEFAULT_LOGMEL, power: 1 }).compute(x);
    expect(maxAbsDiff(mag.data, ex.compute(x).data)).toBeGreaterThan(1);
  });

  it('windows: periodic Hann starts at 0 and peaks at N/2; symmetric Hamming is symmetric', () => {
    const h = analysisWindow('hann-periodic', 400);
    expect([h[0], h[200]]).toEqual([0, 1]);
    const m = analysisWindow('hamming-symmetric', 11);
    expect(m[0]).toBeCloseTo(0.08, 12);
    expect(m[10]).toBeCloseTo(m[0] as number, 12);
  });

  it('rejects invalid or unknown settings with INVALID_ARGUMENT', () => {
    for (const bad of [
      { fftSize: 500 },
      { windowLength: 1024 },
      { melHighHz: 9000 },
      { logOffset: 0 },
      { window: 'blackman' },
      { hop_length: 10 },
    ]) {
      const cfg = { ...DEFAULT_LOGMEL, ...bad } as LogMelConfig;
      expect(() => new LogMelExtractor(cfg)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });
});

describe('waveform features', () => {
  it('pass samples through, optionally zero-mean unit-variance', () => {
    const x = Float32Array.from([1, 2, 3, 4]);
    expect(Array.from(computeFeatures(x, { kind: 'waveform', sampleRate: 16000 }).data)).toEqual([
      1, 2, 3, 4,
    ]);
    const f = computeFeatures(x, { kind: 'waveform', sampleRate: 16000, normalize: 'utterance' });
    expect(f.dim).toBe(1);
    expect(f.data[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 5);
    expect(f.data.reduce((a, b) => a + b)).toBeCloseTo(0, 5);
  });
});
