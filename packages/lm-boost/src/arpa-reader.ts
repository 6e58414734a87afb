import { CtcBiasError, UNK_WORD } from '@ctcbias/core';
import { NgramLm } from './ngram-lm.js';
import { NgramTable } from './ngram-table.js';

/** ARPA files store log10; the models use natural log. */
const LN10 = Math.LN10;
/** log10 probability KenLM gives `<unk>` when the file has none. */
const MISSING_UNK_LOG10 = -100;

type Phase = 'preamble' | 'header' | 'ngrams' | 'end';

/**
 * Line-at-a-time ARPA parser: feed it every line of the file in order, then call `finish()`.
 * {@link parseArpa} and `readArpaFile` (`@ctcbias/lm-boost/node`) wrap it for a string and a streamed file.
 *
 * The format (KenLM/SRILM; fields separated by tabs or spaces, log10 values):
 *
 * ```
 * \data\
 * ngram 1=4
 * ngram 2=2
 *
 * \1-grams:
 * -0.60206  <s>   -0.30103        ← log10 p, words, optional log10 backoff
 * -0.30103  the   -0.1
 * -0.60206  </s>
 * -1.0      <unk>
 *
 * \2-grams:
 * -0.1  <s> the
 * -0.2  the </s>
 *
 * \end\
 * ```
 *
 * Lines before `\data\` are ignored. Every n-gram's words must be unigrams; section sizes must
 * match the header. A file without `<unk>` gets one with log10 p = -100 (as KenLM does).
 * Errors are `CtcBiasError('PARSE_ERROR')` naming the file and 1-based line.
 */
export class ArpaParser {
  private readonly file: string;
  private phase: Phase = 'preamble';
  private lineNo = 0;
  private readonly declared: number[] = [];
  /** Order of the section being read (0 before the first). */
  private section = 0;
  private sectionSeen = 0;
  private readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  private unigramProb: Float32Array = new Float32Array(0);
  private unigramBackoff: Float32Array = new Float32Array(0);
  private readonly tables: NgramTable[] = [];
  private idBuf: Int32Array = new Int32Array(0);

  constructor(file = '<arpa>') {
    this.file = file;
  }

  /** Feeds the next line (without its line terminator). */
  line(raw: string): void {
    this.lineNo++;
    const line = raw.trim();
    switch (this.phase) {
      case 'preamble':
        if (line === '\\data\\') this.phase = 'header';
        return;
      case 'header':
        this.headerLine(line);
        return;
      case 'ngrams':
        this.ngramLine(line);
        return;
      case 'end':
        return;
    }
  }

  /** Checks that the file was complete and returns the model. */
  finish(): NgramLm {
    if (this.phase !== 'end') {
      const what = this.phase === 'ngrams' ? 'missing \\end\\' : 'missing \\data\\ section';
      this.fail(`unexpected end of file: ${what}`);
    }
    if (!this.ids.has(UNK_WORD)) this.addUnk();
    try {
      return new NgramLm({
        words: this.words,
        unigramProb: this.unigramProb.subarray(0, this.words.length),
        unigramBackoff: this.unigramBackoff.subarray(0, this.words.length),
        tables: this.tables,
      });
    } catch (e) {
      throw new CtcBiasError('PARSE_ERROR', (e as Error).message, { file: this.file, cause: e });
    }
  }

  private headerLine(line: string): void {
    if (line === '') return;
    const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line);
    if (m !== null) {
      const n = Number(m[1]);
      if (n !== this.declared.length + 1) this.fail('ngram orders must be 1, 2, … in order', line);
      this.declared.push(Number(m[2]));
      return;
    }
    if (line === '\\1-grams:') {
      if (this.declared.length === 0) this.fail('no "ngram N=count" lines in \\data\\');
      this.allocate();
      this.phase = 'ngrams';
      this.section = 1;
      this.sectionSeen = 0;
      return;
    }
    this.fail('expected "ngram N=count" or \\1-grams:', line);
  }

  private allocate(): void {
    const order = this.declared.length;
    const v = (this.declared[0] as number) + 1; // room for an added <unk>
    this.unigramProb = new Float32Array(v);
    this.unigramBackoff = new Float32Array(v);
    for (let n = 2; n <= order; n++) {
      this.tables.push(NgramTable.create(n, this.declared[n - 1] as number, n < order));
    }
    this.idBuf = new Int32Array(order);
  }

  private ngramLine(line: string): void {
    if (line === '') return;
    if (line.startsWith('\\')) {
      this.closeSection();
      if (line === '\\end\\') {
        if (this.section !== this.declared.length) {
          this.fail(`\\end\\ after the ${this.section}-grams; the header declares more orders`);
        }
        this.phase = 'end';
        return;
      }
      const m = /^\\(\d+)-grams:$/.exec(line);
      if (m === null || Number(m[1]) !== this.section + 1) {
        this.fail(`expected \\${this.section + 1}-grams: or \\end\\`, line);
      }
      if (this.section + 1 > this.declared.length)
        this.fail('section not declared in \\data\\', line);
      this.section++;
      this.sectionSeen = 0;
      return;
    }
    const n = this.section;
    const order = this.declared.length;
    if (this.sectionSeen >= (this.declared[n - 1] as number)) {
      this.fail(`more ${n}-grams than the ${this.declared[n - 1]} declared`, line);
    }
    const fields = line.split(/\s+/);
    if (fields.length !== n + 1 && fields.length !== n + 2) {
      this.fail(`a ${n}-gram line needs a log10 prob, ${n} word(s) and an optional backoff`, line);
    }
    const prob = this.number(fields[0] as string, line) * LN10;
    const backoff = fields.length === n + 2 ? this.number(fields[n + 1] as string, line) * LN10 : 0;
    if (n === 1) {
      const w = fields[1] as string;
      if (this.ids.has(w)) this.fail('duplicate unigram', w);
      const id = this.words.length;
      this.ids.set(w, id);
      this.words.push(w);
      this.unigramProb[id] = prob;
      this.unigramBackoff[id] = backoff;
    } else {
      const ids = this.idBuf;
      const start = order - n;
      for (let i = 0; i < n; i++) {
        const w = fields[i + 1] as string;
        const id = this.ids.get(w);
        if (id === undefined) this.fail('word is not in the \\1-grams: section', w);
        ids[start + i] = id;
      }
      const table = this.tables[n - 2] as NgramTable;
      if (table.insert(ids, start, prob, n < order ? backoff : 0) < 0) {
        this.fail(`duplicate ${n}-gram`, fields.slice(1, n + 1).join(' '));
      }
    }
    this.sectionSeen++;
  }

  private closeSection(): void {
    const n = this.section;
    const want = this.declared[n - 1] as number;
    if (this.sectionSeen !== want) {
      this.fail(`the \\${n}-grams: section has ${this.sectionSeen} entries, header says ${want}`);
    }
  }

  private addUnk(): void {
    const id = this.words.length;
    this.words.push(UNK_WORD);
    this.ids.set(UNK_WORD, id);
    this.unigramProb[id] = MISSING_UNK_LOG10 * LN10;
    this.unigramBackoff[id] = 0;
  }

  private number(field: string, line: string): number {
    if (field === '-inf') return Number.NEGATIVE_INFINITY;
    const x = Number(field);
    if (field === '' || !Number.isFinite(x)) this.fail('bad number', field || line);
    return x;
  }

  private fail(reason: string, value?: string): never {
    const details: { file: string; line: number; value?: string } = {
      file: this.file,
      line: this.lineNo,
    };
    if (value !== undefined) details.value = value;
    throw new CtcBiasError('PARSE_ERROR', reason, details);
  }
}

/**
 * Parses ARPA text (e.g. a file already in memory, or a fixture in a test).
 *
 * ```ts
 * const lm = parseArpa(readFileSync('small.arpa', 'utf8'), 'small.arpa');
 * ```
 */
export function parseArpa(text: string, file = '<arpa>'): NgramLm {
  const parser = new ArpaParser(file);
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    if (nl < 0) {
      if (from < text.length) parser.line(text.slice(from));
      break;
    }
    parser.line(text.slice(from, nl));
    from = nl + 1;
  }
  return parser.finish();
}
