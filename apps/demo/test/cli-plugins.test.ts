import { join } from 'node:path';
import { type StageProviders, stageRegistry } from '@ctcbias/pipeline';
import type { CreatePipelineOptions } from '@ctcbias/pipeline/node';
import { describe, expect, it } from 'vitest';
import { fullStages, tokenizer, vocabulary } from '../../../packages/pipeline/test/fakes.js';
import { FIX, fakePipeline, runWith } from './cli-runner.js';

// Its own file: --plugin registers into the default registry of this module graph, which vitest
// keeps per test file, so cli.test.ts still sees only the built-in stages.
const ACRONYM = join(import.meta.dirname, '../../../examples/plugin-acronym/src/index.ts');

/** The fake pipeline of cli.test.ts, plus the real provider of every plugin stage loaded. */
async function loadPipeline(o: CreatePipelineOptions) {
  const providers: Record<string, StageProviders[string]> = { ...fullStages([]) };
  for (const stage of stageRegistry.stages()) {
    if (stage.name in providers) continue;
    const loaded = await stage.load({
      vocabulary,
      tokenizer,
      model: 'fake',
      read: async (path) => {
        throw new Error(`no files here: ${path}`);
      },
      pronunciations: async () => undefined,
    });
    if ('create' in loaded) providers[stage.name] = (options) => loaded.create(options);
  }
  return fakePipeline(o, providers);
}

const run = (...argv: string[]) => runWith(loadPipeline, argv);

describe('ctcbias --plugin', () => {
  it('a missing plugin file is an input error naming the file', async () => {
    const r = await run('stages', '--plugin', './no-such-plugin.ts');
    expect(r.code).toBe(1);
    expect(r.err).toContain('no such plugin file');
    expect(r.err).toContain('no-such-plugin.ts');
  });

  it('a module that neither exports nor registers a stage is refused', async () => {
    const r = await run('stages', '--plugin', join(FIX, 'scale-worker.ts'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('registered no stage');
    expect(r.err).toContain('scale-worker.ts');
  });

  it('stages lists the plugin in pipeline order with its options', async () => {
    const r = await run('stages', '--plugin', ACRONYM);
    expect(r.code).toBe(0);
    const names = r.out
      .split('\n')
      .filter((l) => /^[a-z][a-z0-9-]* +[a-z-]+ {2}/.test(l))
      .map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(['g2g', 'acronym', 'adapter', 'boost', 'lm', 'phonetic', 'lexicon']);
    expect(r.out).toMatch(/acronym\.maxLetters = 6 +a positive integer +most letters/);
    const json = JSON.parse((await run('stages', '--plugin', ACRONYM, '--json')).out);
    expect(json.stages[1]).toMatchObject({ name: 'acronym', position: 'list-expander' });
  });

  it('transcribe --explain shows what the plugin added to the list', async () => {
    const r = await run(
      'transcribe',
      'a.wav',
      '--list',
      'list.txt',
      '--plugin',
      ACRONYM,
      '--stages',
      'acronym,boost',
      '--set',
      'acronym.maxLetters=8',
      '--explain',
    );
    expect(r.code).toBe(0);
    // "gorovitz" has vowels and no [acronym] section: nothing added
    expect(r.out).toMatch(/ {2}list +acronym [\d.]+ ms \(nothing added\), tokenize/);
    expect(r.out).toContain('stages   acronym+boost');
  });

  it('eval --ablation gives the plugin its rows; a bad option value is refused, naming the knob', async () => {
    const r = await run(
      'eval',
      '--manifest',
      'manifest.jsonl',
      '--list',
      'list.txt',
      '--plugin',
      ACRONYM,
      '--stages',
      'boost,acronym',
      '--ablation',
    );
    expect(r.code).toBe(0);
    const labels = r.out
      .split('\n')
      .filter((l) => /^\S+ +\d/.test(l))
      .map((l) => l.split(/\s+/)[0]);
    expect(labels).toEqual(['none', 'acronym', 'boost', 'all-acronym', 'all-boost']);
    expect(r.out).toMatch(/\nall \(acronym\+boost\) +\d/);
    const bad = await run(
      'eval',
      '--manifest',
      'manifest.jsonl',
      '--plugin',
      ACRONYM,
      '--set',
      'acronym.minLetters=0',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('acronym.minLetters');
  });

  it('--file STAGE=PATH hands a stage its file; a bad one is a usage error', async () => {
    let files: CreatePipelineOptions['files'];
    const r = await runWith(
      async (o) => {
        files = o.files;
        return fakePipeline(o);
      },
      [
        'transcribe',
        'a.wav',
        '--stages',
        'none',
        '--file',
        'domain-lm=notes.txt',
        '--file',
        'g2g=/t.bin',
      ],
    );
    expect(r.code).toBe(0);
    expect(files).toEqual({ 'domain-lm': join(FIX, 'notes.txt'), g2g: '/t.bin' });
    for (const [argv, message] of [
      [['--file', 'notes.txt'], '--file takes STAGE=PATH'],
      [['--file', 'lm=a.arpa', '--lm', 'b.arpa'], '--lm and --file lm= both given'],
      [['--file', 'x=1', '--file', 'x=2'], '--file x= given twice'],
    ] as const) {
      const bad = await run('transcribe', 'a.wav', ...argv);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain(message);
    }
  });
});
