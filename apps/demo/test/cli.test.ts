import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JointPipeline, parseStages, resolveParams } from '@ctcbias/pipeline';
import { afterAll, describe, expect, it } from 'vitest';
import { components, fullStages } from '../../../packages/pipeline/test/fakes.js';
import { FIX, fakePipeline, runWith, SCRIPT } from './cli-runner.js';

const tmp = mkdtempSync(join(tmpdir(), 'ctcbias-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (...argv: string[]) => runWith(async (o) => fakePipeline(o), argv);

describe('ctcbias CLI: usage errors (exit 2)', () => {
  it.each([
    [
      ['frobnicate'],
      'ctcbias: unknown command "frobnicate" (commands: transcribe, eval, decode, bench, stages, batch, worker, help)',
    ],
    [['transcribe'], 'ctcbias: transcribe needs at least one WAV file'],
    [['eval'], 'ctcbias: eval needs --manifest FILE.jsonl'],
    [['transcribe', 'a.wav', '--beam', '4'], "ctcbias: transcribe: Unknown option '--beam'"],
    [['eval', '--manifest'], "ctcbias: eval: Option '--manifest <value>' argument missing"],
    [['eval', '--manifest', 'm.jsonl', 'extra'], 'ctcbias: eval: unexpected argument "extra"'],
    [
      ['transcribe', 'a.wav', '--list', 'x.txt', '--list', 'y.txt'],
      'ctcbias: transcribe: --list given 2 times (one list file)',
    ],
    [
      ['transcribe', 'a.wav', '--workers', '0'],
      'ctcbias: --workers must be a positive integer, got "0"',
    ],
    [
      ['transcribe', 'a.wav', '--stages', 'boost', '--heatmap', 'h'],
      'ctcbias: --heatmap needs the adapter stage',
    ],
  ])('%j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.out).toBe('');
  });

  it('help prints usage on stdout', async () => {
    const r = await run('help', 'eval');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ctcbias eval --manifest FILE.jsonl');
    expect((await run('transcribe', '--help')).out).toContain('--save-posteriors DIR');
  });
});

describe('ctcbias CLI: input errors (exit 1, file:line)', () => {
  it.each([
    [['transcribe', 'nope.wav'], `ctcbias: ${join(FIX, 'nope.wav')}: no such file`],
    [
      ['transcribe', 'a.wav', '--stages', 'boots'],
      'ctcbias: unknown stage (did you mean "boost"?)',
    ],
    [
      ['transcribe', 'a.wav', '--list', 'list-bad.txt'],
      `ctcbias: ${join(FIX, 'list-bad.txt')}:2: bad weight (want a number ≥ 0) ":abc"`,
    ],
    [
      ['transcribe', 'a.wav', '--list', 'missing.txt'],
      `ctcbias: ${join(FIX, 'missing.txt')}: no such file`,
    ],
    [
      ['transcribe', 'a.wav', '--set', 'lm.alpha=x'],
      'ctcbias: parameter lm.alpha must be a number "x"',
    ],
    [
      ['eval', '--manifest', 'manifest-bad.jsonl'],
      `ctcbias: ${join(FIX, 'manifest-bad.jsonl')}:2: invalid JSON`,
    ],
    [
      ['eval', '--manifest', 'manifest-missing-audio.jsonl'],
      `ctcbias: ${join(FIX, 'manifest-missing-audio.jsonl')}:3: audio file not found "${join(FIX, 'missing.wav')}"`,
    ],
  ])('%j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(1);
    expect(r.err.startsWith(message)).toBe(true);
  });
});

describe('ctcbias transcribe', () => {
  it('prints the transcript of one file', async () => {
    const r = await run('transcribe', 'a.wav', '--list', 'list.txt', '--stages', 'g2g,lexicon');
    expect(r).toEqual({ code: 0, out: 'call kate now\n', err: '' });
  });

  it('prints id and transcript per file; none = no biasing', async () => {
    const r = await run('transcribe', 'a.wav', 'b.wav', '--list', 'list.txt', '--stages', 'none');
    expect(r.out).toBe('a\tcall cate now\nb\tcall gorovitz\n');
  });

  it('--json gives words with times, confidences, entries and the score breakdown', async () => {
    const r = await run('transcribe', 'a.wav', '--list', 'list.txt', '--json');
    const [j] = JSON.parse(r.out);
    expect(j.text).toBe('call kate now');
    expect(j.stages).toEqual(['g2g', 'adapter', 'boost', 'lm', 'phonetic', 'lexicon']);
    // the fake posteriors are peaky: each token has probability 0.99 at its frame
    expect(j.words[0]).toEqual({ text: 'call', start: 0, end: 0.04, confidence: 0.99 });
    expect(j.scores).toEqual({ acoustic: -1, boost: 1, lm: 1, phonetic: -0.5 });
    expect(j.perStage.map((s: { step: string }) => s.step)).toEqual([
      'beam',
      'phonetic',
      'lexicon',
      'accept',
    ]);
    // the fake model has no phone head: the entry is kept, unverified
    expect(j.candidates).toEqual([
      {
        entry: 0,
        text: 'kate',
        start: 0.04,
        end: 0.08,
        stage: 'beam',
        heard: 'cate',
        accepted: true,
        reason: 'unverified',
      },
    ]);
  });

  it('--save-posteriors writes <id>.f32 (frames × vocab float32) and vocab.json', async () => {
    const dir = join(tmp, 'post');
    const r = await run(
      'transcribe',
      'a.wav',
      'b.wav',
      '--stages',
      'none',
      '--save-posteriors',
      dir,
    );
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(dir, 'b.f32'));
    const lp = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(lp.length).toBe(8 * 9); // 4 tokens → 8 frames, 9 symbols
    expect(lp[1 * 9 + 0]).toBeCloseTo(Math.log(0.99)); // frame 1 is blank
    expect(JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8'))).toEqual({
      tokens: ['<blk>', '<unk>', '▁call', '▁kate', '▁cate', '▁now', '▁go', 'ro', 'vitz'],
      blank: 0,
    });
  });
});

describe('ctcbias transcribe: converted audio', () => {
  it('says in one stderr line which files were resampled or downmixed', async () => {
    const base = components(SCRIPT, fullStages([]));
    const sources: Record<string, { sampleRate: number; channels: number; encoding: string }> = {
      [join(FIX, 'a.wav')]: { sampleRate: 44100, channels: 2, encoding: 'pcm16' },
      [join(FIX, 'b.wav')]: { sampleRate: 16000, channels: 1, encoding: 'pcm16' },
    };
    const encoder = {
      ...base.encoder,
      readAudio: async (path: string) => ({
        ...(await base.encoder.readAudio(path)),
        source: sources[path],
      }),
    };
    const { code, err } = await runWith(
      async (o) =>
        new JointPipeline(
          { ...base, encoder },
          {
            stages: typeof o.stages === 'string' ? parseStages(o.stages) : o.stages,
            params: resolveParams(o.params),
          },
        ),
      ['transcribe', 'a.wav', 'b.wav', '--stages', 'none'],
    );
    expect(code).toBe(0);
    expect(err).toBe(
      'ctcbias: note: 1 file converted to 16000 Hz mono: a.wav (44100 Hz, 2 channels)\n',
    );
  });
});

describe('ctcbias transcribe: bad files and outputs', () => {
  it('reports a file that fails, prints the others, exits 1', async () => {
    const r = await run('transcribe', 'a.wav', 'gone.wav', 'b.wav', '--stages', 'none');
    expect(r.code).toBe(1);
    expect(r.out).toBe('a\tcall cate now\nb\tcall gorovitz\n');
    expect(r.err).toContain(`ctcbias: skipped gone: ${join(FIX, 'gone.wav')}`);
    expect(r.err).toContain('1 of 3 file(s) failed');
  });

  it('--fail-fast stops before decoding anything', async () => {
    const r = await run('transcribe', 'a.wav', 'gone.wav', '--stages', 'none', '--fail-fast');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(join(FIX, 'gone.wav'));
  });

  it('checks output directories before decoding and never overwrites without --force', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const onFile = await run('transcribe', 'a.wav', '--stages', 'none', '--save-posteriors', file);
    expect(onFile).toMatchObject({ code: 1, out: '' });
    expect(onFile.err).toBe(`ctcbias: ${file}: output path exists and is not a directory\n`);
    const below = await run('transcribe', 'a.wav', '--save-posteriors', join(file, 'sub'));
    expect(below.code).toBe(1);
    expect(below.err).toMatch(/cannot create the output directory \(E(NOTDIR|EXIST)\)/);

    const dir = join(tmp, 'again');
    expect(
      (await run('transcribe', 'a.wav', '--stages', 'none', '--save-posteriors', dir)).code,
    ).toBe(0);
    const before = readFileSync(join(dir, 'a.f32'));
    writeFileSync(join(dir, 'a.f32'), 'keep me');
    const again = await run('transcribe', 'a.wav', '--stages', 'none', '--save-posteriors', dir);
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err).toBe(
      `ctcbias: ${join(dir, 'a.f32')}: refusing to overwrite 2 existing file(s) (--force overwrites)\n`,
    );
    expect(readFileSync(join(dir, 'a.f32'), 'utf8')).toBe('keep me');
    const forced = await run(
      'transcribe',
      'a.wav',
      '--stages',
      'none',
      '--save-posteriors',
      dir,
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'a.f32'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['a.f32', 'vocab.json']); // no temp files left
  });
});

describe('ctcbias decode', () => {
  it('decodes saved posteriors with @ctcbias/beam (round trip with --save-posteriors)', async () => {
    const dir = join(tmp, 'roundtrip');
    await run('transcribe', 'b.wav', '--stages', 'none', '--save-posteriors', dir);
    const r = await run(
      'decode',
      '--posteriors',
      join(dir, 'b.f32'),
      '--vocab',
      join(dir, 'vocab.json'),
    );
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('call gorovitz');
  });

  it('reports a missing posteriors file', async () => {
    const r = await run('decode', '--posteriors', 'nope.f32', '--vocab', 'nope.json');
    expect(r.code).toBe(1);
    expect(r.err).toContain(join(FIX, 'no'));
  });
});

describe('ctcbias eval', () => {
  it('prints the metrics of one stage set', async () => {
    const r = await run('eval', '--manifest', 'manifest.jsonl', '--stages', 'none');
    expect(r.code).toBe(0);
    expect(r.out).toContain('list: 2 entries (manifest entities)');
    // a: cate for kate (1 sub of 3 words); b: correct. WER 1/5, B-WER 1/2, F1 2/3.
    expect(r.out).toMatch(/\nnone +20\.0 +0\.0 +50\.0 +100\.0 +50\.0 +66\.7 +0\n/);
  });

  it('--ablation prints none, each stage alone, cumulative, all and leave-one-out', async () => {
    const r = await run('eval', '--manifest', 'manifest.jsonl', '--list', 'list.txt', '--ablation');
    const labels = r.out
      .split('\n')
      .filter((l) => /^\S+ +\d/.test(l) || l.startsWith('all ('))
      .map((l) => l.split(/\s+/)[0]);
    expect(labels).toEqual([
      'none',
      'g2g',
      'adapter',
      'boost',
      'lm',
      'phonetic',
      'lexicon',
      'adapter+boost',
      'adapter+boost+lm',
      'adapter+boost+lm+phonetic',
      'adapter+boost+lm+phonetic+lexicon',
      'all',
      'all-g2g',
      'all-adapter',
      'all-boost',
      'all-lm',
      'all-phonetic',
      'all-lexicon',
    ]);
  });

  it('names list entries the model cannot spell once on stderr and leaves them out', async () => {
    const file = join(tmp, 'unspellable.txt');
    writeFileSync(file, 'kate\nłódź\n🙂\n');
    const r = await run('eval', '--manifest', 'manifest.jsonl', '--list', file);
    expect(r.code).toBe(0);
    expect(r.err.match(/cannot be spelled/g)).toHaveLength(1);
    expect(r.err).toContain(
      `ctcbias: warning: 2 list entries cannot be spelled by the model's tokenizer and were left out: "łódź", "🙂"`,
    );
  });

  it('pools several --list runs by their counts and scores each list category', async () => {
    const first = join(tmp, 'pool-0.txt');
    const second = join(tmp, 'pool-1.txt');
    writeFileSync(first, '[person]\nkate\n[drug]\nativan\n');
    writeFileSync(second, '[person]\ngorovitz\n');
    const args = ['eval', '--manifest', 'manifest.jsonl', '--stages', 'none'];
    const r = await run(...args, '--list', first, '--list', second);
    expect(r.code).toBe(0);
    expect(r.out).toContain('list: 3 entries in 2 lists pooled');
    // first list: kate heard as cate (FN, a biased error); second: gorovitz right (TP), and the
    // cate error is now on an unbiased word: U-WER 1 of 8 unbiased words over both runs
    expect(r.out).toMatch(/\nnone +20\.0 +12\.5 +50\.0 +100\.0 +50\.0 +66\.7 +0\n/);
    expect(r.out).toMatch(
      /By list category:\nstages +person P +person R +person F1 +drug P +drug R +drug F1\nnone +100\.0 +50\.0 +66\.7 +100\.0 +100\.0 +100\.0\n/,
    );
    const j = JSON.parse((await run(...args, '--list', first, '--list', second, '--json')).out);
    expect(j.rows[0].metrics.counts).toMatchObject({ refWords: 10, tp: 1, fp: 0, fn: 1 });
    expect(j.runs.map((x: { list: { entries: number } }) => x.list.entries)).toEqual([2, 1]);
    expect(j.runs[1].hypotheses[1].hyp.none).toBe('call gorovitz');
  });

  it('--ablation --json writes rows and hypotheses', async () => {
    const r = await run(
      'eval',
      '--manifest',
      'manifest.jsonl',
      '--stages',
      'g2g,lexicon',
      '--ablation',
      '--json',
    );
    const j = JSON.parse(r.out);
    expect(j.rows.map((row: { label: string }) => row.label)).toEqual([
      'none',
      'g2g',
      'lexicon',
      'all',
      'all-g2g',
      'all-lexicon',
    ]);
    const all = j.rows[3];
    expect(all.metrics.f1).toBe(1);
    expect(j.rows[0].metrics.recall).toBe(0.5);
    expect(j.hypotheses[0]).toEqual({
      id: 'a',
      ref: 'call kate now',
      hyp: {
        none: 'call cate now',
        // g2g's variant "cate" was heard: acceptance writes it as its entry, "kate"
        g2g: 'call kate now',
        lexicon: 'call cate now',
        all: 'call kate now',
        'all-g2g': 'call cate now',
        'all-lexicon': 'call kate now',
      },
    });
  });
});
