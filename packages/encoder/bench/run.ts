/**
 * Encoder benchmark: WAV read (baseline), log-mel features and ONNX inference for 3 s and 60 s
 * inputs — median wall time, real-time factor (RTF = seconds of compute per second of audio),
 * ratios to the baseline, and peak memory (each input size runs in its own child process, so
 * its maxRSS is its own).
 *
 *   pnpm --filter @ctcbias/encoder bench [--model DIR] [--threads 2] [--web]
 *
 * DIR defaults to the embedded default model; any model with the same architecture (e.g. an
 * untrained export) has the same speed. Goals (issue 3): inference ≤ 10 ms per 3 s utterance,
 * RTF (features + inference) ≤ 0.02.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import wavefile from 'wavefile';
import { decodeWav } from '../src/index.js';
import { DEFAULT_MODEL_DIR, loadModel } from '../src/node.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    threads: { type: 'string', default: '2' },
    web: { type: 'boolean', default: false },
    single: { type: 'string' },
    backend: { type: 'string', default: 'node' },
  },
});
const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
const threads = Number(values.threads);

/** Deterministic speech-like test audio: harmonics with a moving pitch, plus noise. */
function testWav(seconds: number, rate: number): Uint8Array {
  let s = 12345;
  const n = Math.round(seconds * rate);
  const samples = new Int16Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    phase += (2 * Math.PI * (120 + 40 * Math.sin(2 * Math.PI * 0.7 * t))) / rate;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = 0.2 * Math.sin(phase) + 0.1 * Math.sin(3 * phase) + 0.05 * Math.sin(7 * phase);
    samples[i] = Math.round(
      32767 * (v * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t)) + 0.01 * (s / 2 ** 32 - 0.5)),
    );
  }
  const w = new wavefile.WaveFile();
  w.fromScratch(1, rate, '16', samples);
  return w.toBuffer();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Median wall time and median process CPU time (all threads, user + system), in ms. */
interface Timing {
  wall: number;
  cpu: number;
}

async function time(reps: number, f: () => unknown): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

interface Single {
  seconds: number;
  backend: string;
  wavRead: Timing;
  wavRead44k: Timing;
  features: Timing;
  inference: Timing;
  encode: Timing;
  outFrames: number;
  peakRssMb: number;
  rssAfterLoadMb: number;
}

/** Child mode: one input size, prints one JSON line. */
async function single(seconds: number): Promise<void> {
  const reps = seconds <= 5 ? 30 : 3;
  const bytes = testWav(seconds, 16000);
  const bytes44 = testWav(seconds, 44100);
  const enc = await loadModel(modelDir, {
    backend: values.backend === 'web' ? 'web' : 'node',
    sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const rssAfterLoadMb = process.memoryUsage().rss / 2 ** 20;
  const samples = decodeWav(bytes, 'bench.wav').samples;
  const features = enc.features(samples);
  await enc.run(features); // warm-up
  const wavRead = await time(reps, () => decodeWav(bytes, 'bench.wav'));
  const wavRead44k = await time(Math.min(reps, 5), () => decodeWav(bytes44, 'bench44.wav'));
  const featureTime = await time(reps, () => enc.features(samples));
  let outFrames = 0;
  const inference = await time(reps, async () => {
    outFrames = (await enc.run(features)).subword.frames;
  });
  const encode = await time(reps, () => enc.encode(samples));
  const result: Single = {
    seconds,
    backend: enc.backend,
    wavRead,
    wavRead44k,
    features: featureTime,
    inference,
    encode,
    outFrames,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssAfterLoadMb,
  };
  await enc.release();
  console.log(JSON.stringify(result));
}

function runChild(seconds: number, backend: string): Single {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      self,
      '--single',
      String(seconds),
      '--model',
      modelDir,
      '--threads',
      String(threads),
      '--backend',
      backend,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`benchmark child failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1) as string;
  return JSON.parse(line) as Single;
}

async function main(): Promise<void> {
  if (values.single !== undefined) return single(Number(values.single));
  if (!existsSync(join(modelDir, 'model.onnx'))) {
    // Not an error for `turbo run bench` before the default model is exported.
    console.log(
      `skipped: no model.onnx in ${modelDir}; pass --model DIR (e.g. an untrained export of the same architecture)`,
    );
    if (values.model !== undefined) process.exitCode = 2;
    return;
  }
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`@ctcbias/encoder benchmark — model ${modelDir}`);
  console.log(
    `${cpus().length} CPUs (${cpuModel}), onnxruntime threads: ${threads}, load average before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const backends = values.web ? ['node', 'web'] : ['node'];
  const rows: Single[] = [];
  for (const backend of backends) for (const s of [3, 60]) rows.push(runChild(s, backend));
  const f = (x: number) => x.toFixed(x < 10 ? 2 : 1);
  const t = (x: Timing) => `${f(x.wall)} / ${f(x.cpu)}`;
  const rtf = (ms: number, r: Single) => (ms / 1000 / r.seconds).toFixed(4);
  console.log(
    '\nmedian ms, wall / CPU (all threads); RTF = wall s per audio s; ×base = wall ÷ WAV-read wall (same run)',
  );
  console.log(
    'backend input | WAV read (base) | 44.1k read+resample | features: ms, RTF, ×base | inference: ms, RTF, ×base | encode: ms, RTF | frames | peak RSS (after load)',
  );
  for (const r of rows) {
    console.log(
      [
        `${r.backend.padEnd(7)} ${String(r.seconds).padStart(2)} s`,
        t(r.wavRead),
        t(r.wavRead44k),
        `${t(r.features)}, ${rtf(r.features.wall, r)}, ${(r.features.wall / r.wavRead.wall).toFixed(1)}×`,
        `${t(r.inference)}, ${rtf(r.inference.wall, r)}, ${(r.inference.wall / r.wavRead.wall).toFixed(1)}×`,
        `${t(r.encode)}, ${rtf(r.encode.wall, r)}`,
        String(r.outFrames),
        `${r.peakRssMb.toFixed(0)} MB (${r.rssAfterLoadMb.toFixed(0)} MB)`,
      ].join(' | '),
    );
  }
  const three = rows.find((r) => r.backend === 'node' && r.seconds === 3) as Single;
  const sixty = rows.find((r) => r.backend === 'node' && r.seconds === 60) as Single;
  console.log('\ngoals (node backend, wall time):');
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `  inference per 3 s utterance ≤ 10 ms: ${f(three.inference.wall)} ms → ${met(three.inference.wall <= 10)}`,
  );
  for (const r of [three, sixty]) {
    const total = (r.features.wall + r.inference.wall) / 1000 / r.seconds;
    console.log(
      `  RTF (features + inference) ≤ 0.02 at ${r.seconds} s: ${total.toFixed(4)} → ${met(total <= 0.02)}`,
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

await main();
