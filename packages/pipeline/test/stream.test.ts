import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWav } from '@ctcbias/encoder';
import { describe, expect, it } from 'vitest';
import { createPipeline, defaultModelEmbedded } from '../src/load.js';
import { createStream } from '../src/stream.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'apps', 'demo', 'samples');
const FILES = ['entity_dev-00000.wav', 'entity_dev-00001.wav', 'entity_dev-00002.wav'];
const LIST = ['simila', 'arkhangelsk', 'kazmierczak'];

describe.skipIf(!defaultModelEmbedded())('createStream (embedded model)', () => {
  it('cuts a stream inside its pauses: one segment per clip, the silent tail not decoded', async () => {
    const pipeline = await createPipeline({ stages: 'all' });
    const rate = pipeline.components.encoder.sampleRate;
    const clips = await Promise.all(
      FILES.map(
        async (f) => decodeWav(await readFile(join(SAMPLES, f)), f, { sampleRate: rate }).samples,
      ),
    );
    const pause = new Float32Array(Math.round(0.8 * rate));
    const parts = clips.flatMap((c) => [c, pause]);
    const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    const stream = createStream(pipeline, LIST);
    const segments = [];
    const step = Math.round(0.25 * rate); // a quarter second at a time, as a microphone sends it
    for (let i = 0; i < all.length; i += step) {
      segments.push(...(await stream.push(all.subarray(i, i + step))));
    }
    segments.push(...(await stream.flush()));
    expect(stream.seconds).toBeCloseTo(all.length / rate, 6);
    // one segment per clip, cut inside the pauses between them (the silent tail is not decoded)
    expect(segments).toHaveLength(3);
    const pauses = clips.map((_, k) => {
      const end = clips.slice(0, k + 1).reduce((n, c) => n + c.length, 0) + k * pause.length;
      return [end / rate, (end + pause.length) / rate];
    });
    segments.slice(0, -1).forEach((s, k) => {
      expect(s.end).toBeGreaterThan(pauses[k]?.[0] ?? 0);
      expect(s.end).toBeLessThan(pauses[k]?.[1] ?? 0);
    });
    expect(segments[0]?.text).toContain('simila');
    expect(segments.map((s) => s.text).join(' ')).toMatch(/^let me know when simila/);
    // times are from the start of the stream, in order
    const words = segments.flatMap((s) => s.words);
    for (let k = 1; k < words.length; k++) {
      expect(words[k]?.start).toBeGreaterThanOrEqual(words[k - 1]?.start ?? 0);
    }
    expect(words.at(-1)?.end).toBeLessThanOrEqual(all.length / rate + 0.05);
    expect(words.find((w) => w.entry === 'simila')?.start).toBeGreaterThan(0.5);
  }, 120_000);

  it('cuts without a pause after maxSegmentSeconds, and refuses bad options', async () => {
    const pipeline = await createPipeline({ stages: 'none' });
    const rate = pipeline.components.encoder.sampleRate;
    const noise = new Float32Array(rate * 5).map(
      (_, i) => 0.3 * Math.sin(i * 0.37) * Math.sin(i * 0.0011),
    );
    const stream = createStream(pipeline, [], { maxSegmentSeconds: 2 });
    const segments = await stream.push(noise);
    expect(segments.length).toBeGreaterThanOrEqual(2);
    expect(segments.every((s) => s.end - s.start <= 2 + 1e-9)).toBe(true);
    expect(() => createStream(pipeline, [], { maxSegmentSeconds: 0.5 })).toThrow(
      /maxSegmentSeconds/,
    );
  }, 60_000);
});
