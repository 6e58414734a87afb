import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CtcBiasError, isCtcBiasError } from '@ctcbias/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readArpaFile } from './arpa-file.js';
import { parseArpa } from './arpa-reader.js';
import { writeLmBinary } from './binary-format.js';
import { readLm } from './lm-bytes.js';
import type { NgramLm } from './ngram-lm.js';

const FIXTURE = new URL('../test/fixtures/small.arpa', import.meta.url);
const text = readFileSync(FIXTURE, 'utf8');
const LN10 = Math.LN10;

/** ln P of `words` after `<s> history…`, step by step. */
function lnP(lm: NgramLm, history: string[], word: string): number {
  let s = lm.start();
  for (const w of history) s = lm.score(s, w).state;
  return word === '</s>' ? lm.end(s) : lm.score(s, word).logProb;
}

function parseError(f: () => unknown): CtcBiasError {
  try {
    f();
  } catch (e) {
    if (isCtcBiasError(e, 'PARSE_ERROR')) return e;
    throw e;
  }
  throw new Error('expected a PARSE_ERROR');
}

describe('parseArpa on test/fixtures/small.arpa (3-gram)', () => {
  const lm = parseArpa(text, 'small.arpa');

  it('reads the header and vocabulary', () => {
    expect(lm.order).toBe(3);
    expect(lm.counts).toEqual([5, 4, 2]);
    expect(lm.words).toEqual(['<unk>', '<s>', 'the', 'cat', '</s>']);
    expect(lm.isOov('the')).toBe(false);
    expect(lm.isOov('dog')).toBe(true);
  });

  // Hand-computed from the file (log10 values; the API returns them × ln 10):
  it.each([
    // stored n-grams are read directly
    ['<s> the', [], 'the', -0.2],
    ['<s> the cat (3-gram)', ['the'], 'cat', -0.1],
    ['the cat </s> (3-gram)', ['the', 'cat'], '</s>', -0.25],
    // "cat the cat": no 3-gram; context "cat the" not stored (backoff 0); 2-gram "the cat" -0.4
    ['cat the cat', ['cat', 'the'], 'cat', -0.4],
    // "the cat the": bo(the cat) -0.05 + [no "cat the"] bo(cat) -0.2 + p(the) -0.5 = -0.75
    ['the cat the', ['the', 'cat'], 'the', -0.05 - 0.2 - 0.5],
    // "<s> the dog": dog → <unk>: bo(<s> the) -0.1 + bo(the) -0.3 + p(<unk>) -1.0 = -1.4
    ['<s> the <unk>', ['the'], 'dog', -0.1 - 0.3 - 1.0],
    // "<s> cat </s>": "<s> cat" not stored (bo 0), 2-gram "cat </s>" -0.3
    ['<s> cat </s>', ['cat'], '</s>', -0.3],
    // "<s> cat": no 2-gram; bo(<s>) -0.5 + p(cat) -0.7
    ['<s> cat', [], 'cat', -0.5 - 0.7],
    // "the the" (space-separated line) -0.9
    ['the the', ['cat', 'the'], 'the', -0.9],
  ] as const)('P(%s)', (_name, history, word, log10) => {
    expect(lnP(lm, [...history], word)).toBeCloseTo(log10 * LN10, 5);
  });

  it('keeps only the last order-1 words as state; states are immutable', () => {
    const s0 = lm.start();
    const a = lm.score(s0, 'the');
    const b = lm.score(a.state, 'cat');
    expect([...s0.context]).toEqual([1]);
    expect([...a.state.context]).toEqual([1, 2]);
    expect([...b.state.context]).toEqual([2, 3]);
    expect(lm.score(s0, 'the').logProb).toBe(a.logProb);
  });
});

describe('parseArpa details', () => {
  it('adds <unk> with log10 p = -100 when the file has none, and accepts -inf', () => {
    const lm = parseArpa(
      '\\data\\\nngram 1=3\n\n\\1-grams:\n-inf <s>\n-0.3 a\n-0.3 </s>\n\n\\end\\\n',
    );
    expect(lm.order).toBe(1);
    expect(lm.words).toEqual(['<s>', 'a', '</s>', '<unk>']);
    expect(lm.score(lm.start(), 'zzz').logProb).toBeCloseTo(-100 * LN10, 4);
    expect(lm.score(lm.start(), 'a').logProb).toBeCloseTo(-0.3 * LN10, 6);
  });

  it('handles CRLF line ends and a missing final newline', () => {
    const lm = parseArpa(text.replace(/\n/g, '\r\n').trimEnd());
    expect(lnP(lm, ['the'], 'cat')).toBeCloseTo(-0.1 * LN10, 5);
  });

  const lines = text.split('\n');
  const edit = (lineNo: number, replacement: string) =>
    lines.map((l, i) => (i === lineNo - 1 ? replacement : l)).join('\n');

  it.each([
    ['a bad number', 10, '-x\tthe\t-0.3', 10, 'bad number "-x"'],
    ['an unknown word in a 2-gram', 16, '-0.2\t<s> dog', 16, 'not in the \\1-grams: section "dog"'],
    ['a duplicate unigram', 12, '-0.7\tthe', 12, 'duplicate unigram "the"'],
    ['a duplicate 2-gram', 17, '-0.4\t<s> the', 17, 'duplicate 2-gram "<s> the"'],
    ['too few words', 22, '-0.1\t<s> the', 22, 'a 3-gram line needs'],
    ['a count mismatch', 5, 'ngram 2=5', 21, 'section has 4 entries, header says 5'],
    ['a missing section', 21, '\\4-grams:', 21, 'expected \\3-grams: or \\end\\'],
    ['a bad header line', 4, 'ngram one=5', 4, 'expected "ngram N=count"'],
  ])('names file and line for %s', (_what, lineNo, replacement, errLine, message) => {
    const e = parseError(() => parseArpa(edit(lineNo, replacement), 'x.arpa'));
    expect(e.file).toBe('x.arpa');
    expect(e.line).toBe(errLine);
    expect(e.message).toContain(`x.arpa:${errLine}: `);
    expect(e.message).toContain(message);
  });

  it('rejects a truncated file and one without <s>', () => {
    expect(parseError(() => parseArpa(text.slice(0, text.indexOf('\\3-grams'))))).toBeDefined();
    expect(parseError(() => parseArpa('no data here')).message).toContain('missing \\data\\');
    const noBos = '\\data\\\nngram 1=2\n\n\\1-grams:\n-0.3 a\n-0.3 </s>\n\n\\end\\\n';
    expect(parseError(() => parseArpa(noBos, 'y.arpa')).message).toContain('no <s> word');
  });
});

describe('readArpaFile (streaming)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lm-boost-arpa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams plain and gzipped files to the same model as parseArpa', async () => {
    const gz = join(dir, 'small.arpa.gz');
    writeFileSync(gz, gzipSync(text));
    const direct = parseArpa(text);
    for (const lm of [await readArpaFile(FIXTURE.pathname), await readArpaFile(gz)]) {
      expect(lm.counts).toEqual(direct.counts);
      expect(lnP(lm, ['the', 'cat'], 'the')).toBe(lnP(direct, ['the', 'cat'], 'the'));
    }
  });

  it('reports parse errors with the path and line', async () => {
    const bad = join(dir, 'bad.arpa');
    writeFileSync(bad, text.replace('-0.4\tthe cat', '-0.4\tthe dog'));
    await expect(readArpaFile(bad)).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      file: bad,
      line: 17, // the replaced 2-gram
    });
  });

  it('reports a missing file as IO_ERROR', async () => {
    await expect(readArpaFile(join(dir, 'missing.arpa'))).rejects.toMatchObject({
      code: 'IO_ERROR',
    });
  });
});

describe('readLm (bytes, any platform)', () => {
  it('reads .arpa, .arpa.gz and the binary format to the same model', async () => {
    const direct = parseArpa(text);
    const bytes = new TextEncoder().encode(text);
    const models = [
      await readLm(bytes, 'small.arpa'),
      await readLm(gzipSync(bytes), 'small.arpa.gz'),
      await readLm(writeLmBinary(direct), 'small.bin'),
    ];
    for (const lm of models) {
      expect(lm.counts).toEqual(direct.counts);
      expect(lnP(lm, ['the', 'cat'], 'the')).toBe(lnP(direct, ['the', 'cat'], 'the'));
    }
  });

  it('names the file and line of a parse error, and a corrupt gzip as IO_ERROR', async () => {
    const bad = new TextEncoder().encode(text.replace('-0.4\tthe cat', '-0.4\tthe dog'));
    await expect(readLm(bad, 'bad.arpa')).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      file: 'bad.arpa',
      line: 17,
    });
    await expect(readLm(bad, 'bad.arpa.gz')).rejects.toMatchObject({ code: 'IO_ERROR' });
  });
});
