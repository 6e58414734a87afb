import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vocabulary } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { rawPosteriorsBytes } from '../src/index.js';
import { runDecodeCli } from '../src/node.js';
import { BLANK, emit, posteriors, vocab } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ctcbias-beam-cli-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runDecodeCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

// "the ka{de|te} is": "te" loses to "de" by 0.4 nats on its frame.
const nearMiss = posteriors([
  BLANK,
  emit('_the'),
  BLANK,
  emit('_ka'),
  BLANK,
  { de: 0.6, te: 0.6 * Math.exp(-0.4) },
  BLANK,
  emit('_is'),
  BLANK,
]);
const f32 = file('near-miss.f32', rawPosteriorsBytes(nearMiss));
const vocabJson = file('vocab.json', JSON.stringify(vocab.toJSON()));
const list = file('list.txt', '# names\nkate :1.5\nnew york\n');

describe('runDecodeCli (decode on raw matrices)', () => {
  it('prints the best transcript, biased only when given a list', async () => {
    const plain = await cli(['decode', '--posteriors', f32, '--vocab', vocabJson]);
    expect(plain).toEqual({ code: 0, stdout: 'the kade is\n', stderr: '' });
    const biased = await cli(['--posteriors', f32, '--vocab', vocabJson, '--list', list]);
    expect(biased.stdout).toBe('the kate is\n');
  });

  it('prints n-best, scores, word spans and timings as JSON', async () => {
    const r = await cli([
      'decode',
      '--posteriors',
      f32,
      '--vocab',
      vocabJson,
      '--list',
      list,
      '--beam',
      '8',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ frames: 9, vocabSize: vocab.size, beam: 8, list: { entries: 2 } });
    expect(out.nbest.length).toBeGreaterThan(1);
    expect(out.nbest.length).toBeLessThanOrEqual(8);
    expect(typeof out.decodeMs).toBe('number');
    const [best] = out.nbest;
    expect(best.text).toBe('the kate is');
    expect(Object.keys(best.scores)).toEqual(['acoustic', 'boost']);
    expect(best.words[1]).toEqual({
      text: 'kate',
      startFrame: 3,
      endFrame: 6,
      entry: 0,
      startSec: 0.12,
      endSec: 0.24,
      entryText: 'kate',
    });
  });

  it('tokenizes the list with a SentencePiece model when given --spm', async () => {
    const spm = fileURLToPath(new URL('./fixtures/tokenizer.model', import.meta.url));
    const { loadSentencePieceTokenizer } = await import('@ctcbias/core/node');
    const tok = await loadSentencePieceTokenizer(spm);
    const v: Vocabulary = tok.vocabulary;
    const [k, ate] = tok.encode('kate') as [number, number];
    const competitor = v.idOf('e') as number;
    const row = (probs: Record<number, number>) => {
      const r = new Array<number>(v.size).fill(1e-4);
      for (const [i, p] of Object.entries(probs)) r[Number(i)] = p;
      const z = r.reduce((s, x) => s + x, 0);
      return r.map((x) => Math.log(x / z));
    };
    const rows = [
      row({ 0: 1 }),
      row({ [k]: 1 }),
      row({ 0: 1 }),
      row({ [competitor]: 0.6, [ate]: 0.4 }),
      row({ 0: 1 }),
    ];
    const f = file(
      'spm.f32',
      rawPosteriorsBytes({
        logProbs: Float32Array.from(rows.flat()),
        frames: 5,
        vocabSize: v.size,
        frameShiftSec: 0.04,
      }),
    );
    const vj = file('spm-vocab.json', JSON.stringify(v.toJSON()));
    const names = file('spm-list.txt', 'kate\n');
    expect((await cli(['--posteriors', f, '--vocab', vj])).stdout).toBe('ke\n');
    expect(
      (await cli(['--posteriors', f, '--vocab', vj, '--list', names, '--spm', spm])).stdout,
    ).toBe('kate\n');
    const mismatch = await cli([
      '--posteriors',
      f32,
      '--vocab',
      vocabJson,
      '--list',
      names,
      '--spm',
      spm,
    ]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('does not match the vocabulary');
  });

  it('reports bad input with the file name and exit code 1', async () => {
    const odd = file('odd.f32', new Uint8Array(4 * (vocab.size + 1)));
    const r = await cli(['--posteriors', odd, '--vocab', vocabJson]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${odd}: 15 float32 values are not a whole number of frames of 14 (the vocabulary size)\n`,
    );
    const badVocab = file('bad.json', '{"tokens": [');
    expect((await cli(['--posteriors', f32, '--vocab', badVocab])).stderr).toContain(
      `${badVocab}: bad JSON`,
    );
    const missing = await cli(['--posteriors', join(dir, 'nope.f32'), '--vocab', vocabJson]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') });
    const badList = file('bad-list.txt', 'kate :abc\n');
    expect(
      (await cli(['--posteriors', f32, '--vocab', vocabJson, '--list', badList])).stderr,
    ).toContain(`${badList}:1: bad weight`);
    const untokenizable = file('zz.txt', 'zzz\n');
    expect(
      (await cli(['--posteriors', f32, '--vocab', vocabJson, '--list', untokenizable])).stderr,
    ).toContain(`error: ${untokenizable}: cannot tokenize "zzz"`);
    const zeros = file('zeros.f32', new Uint8Array(2 * 14 * 4));
    expect((await cli(['--posteriors', zeros, '--vocab', vocabJson])).stderr).toContain(
      `error: ${zeros}: frame 0: not a log-probability distribution`,
    );
  });

  it('rejects bad usage with exit code 2 and prints help on request', async () => {
    expect((await cli(['--vocab', vocabJson])).code).toBe(2);
    expect((await cli(['--posteriors', f32, '--vocab', vocabJson, '--nope'])).code).toBe(2);
    expect((await cli(['--posteriors', f32, '--vocab', vocabJson, '--beam', '0'])).code).toBe(1);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--posteriors FILE');
  });
});
