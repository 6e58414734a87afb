import { parseArgs } from 'node:util';
import { type BiasingList, CtcBiasError, isCtcBiasError, Vocabulary } from '@ctcbias/core';
import { loadSentencePieceTokenizer, readBiasingListFile, readFileBytes } from '@ctcbias/core/node';
import { beamSearch } from './beam-search.js';
import { compileEntityBooster } from './entity-booster.js';
import { longestMatchTokenizer } from './longest-match.js';
import { readRawPosteriors } from './raw-posteriors.js';

/** Where {@link runDecodeCli} writes (defaults: the process's stdout and stderr). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const DECODE_USAGE = `Usage: ctcbias-decode [decode] --posteriors FILE.f32 --vocab vocab.json [options]

Decodes a raw CTC posterior matrix with prefix beam search (+ adaptive entity boosting).

  --posteriors FILE   little-endian float32, frames × vocab, natural-log probabilities
  --vocab FILE        JSON {"tokens": [...], "blank": id}
  --list FILE         biasing list (one entry per line, 'phrase :weight', [category] sections)
  --spm FILE          SentencePiece .model used to tokenize the list (default: greedy
                      longest match over the vocabulary's token strings)
  --beam N            beam width (default 16)
  --nbest N           hypotheses to print (default 1; with --json, the beam width)
  --frame-shift SEC   seconds per frame (default 0.04)
  --blank-skip P      skip frames whose blank probability is ≥ P (default: off)
  --json              print the n-best with scores, word frame spans and the decode time
  -h, --help          show this help
`;

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

/**
 * The `decode` command on raw matrices, so any decoder can be compared on identical input.
 * `argv` are the arguments after the program name (a leading `decode` is accepted). Returns
 * the exit code: 0 success, 1 bad input (a `CtcBiasError`, message on stderr), 2 bad usage.
 *
 * ```ts
 * await runDecodeCli(['decode', '--posteriors', 'utt.f32', '--vocab', 'vocab.json',
 *                     '--list', 'names.txt', '--json']);
 * // stdout: {"frames":300,…,"decodeMs":1.9,"nbest":[{"text":"call kate","words":[…]}]}
 * ```
 */
export async function runDecodeCli(
  argv: readonly string[],
  io: CliIo = defaultIo,
): Promise<number> {
  const args = argv[0] === 'decode' ? argv.slice(1) : [...argv];
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${DECODE_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(DECODE_USAGE);
    return 0;
  }
  if (values.posteriors === undefined || values.vocab === undefined) {
    io.stderr(`--posteriors and --vocab are required\n\n${DECODE_USAGE}`);
    return 2;
  }
  try {
    const beam = intOption(values.beam, '--beam', 16);
    const json = values.json === true;
    const nBest = Math.min(intOption(values.nbest, '--nbest', json ? beam : 1), beam);
    const frameShift = numberOption(values['frame-shift'], '--frame-shift', 0.04);
    const blankSkip =
      values['blank-skip'] === undefined
        ? undefined
        : numberOption(values['blank-skip'], '--blank-skip', 1);
    const vocab = await readVocabulary(values.vocab);
    const posteriors = readRawPosteriors(
      await readFileBytes(values.posteriors),
      vocab.size,
      values.posteriors,
      frameShift,
    );
    let list: BiasingList | undefined;
    let compileMs = 0;
    const scorers = [];
    if (values.list !== undefined) {
      list = await readBiasingListFile(values.list);
      const tokenize = await listTokenizer(vocab, values.spm);
      const t0 = performance.now();
      try {
        scorers.push(compileEntityBooster(list, vocab, { tokenize }));
      } catch (e) {
        // name the list: "cannot tokenize" is about one of its entries
        if (isCtcBiasError(e) && e.file === undefined) {
          throw new CtcBiasError(e.code, e.reason, { file: values.list, cause: e });
        }
        throw e;
      }
      compileMs = performance.now() - t0;
    }
    const t0 = performance.now();
    const nbest = beamSearch(posteriors, vocab, {
      beamWidth: beam,
      nBest,
      scorers,
      ...(blankSkip === undefined ? {} : { blankSkipThreshold: blankSkip }),
    });
    const decodeMs = performance.now() - t0;
    if (!json) {
      for (const h of nbest) io.stdout(`${h.text}\n`);
      return 0;
    }
    const out = {
      posteriors: values.posteriors,
      frames: posteriors.frames,
      vocabSize: posteriors.vocabSize,
      frameShiftSec: frameShift,
      beam,
      list:
        list === undefined ? null : { file: values.list, entries: list.entries.length, compileMs },
      decodeMs,
      nbest: nbest.map((h, i) => ({
        rank: i + 1,
        text: h.text,
        score: h.score,
        scores: h.scores,
        tokens: h.tokens,
        words: h.words.map((w) => ({
          ...w,
          startSec: w.startFrame * frameShift,
          endSec: w.endFrame * frameShift,
          ...(w.entry === undefined || list === undefined
            ? {}
            : { entryText: list.entries[w.entry]?.text }),
        })),
      })),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (isCtcBiasError(e)) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      posteriors: { type: 'string' },
      vocab: { type: 'string' },
      list: { type: 'string' },
      spm: { type: 'string' },
      beam: { type: 'string' },
      nbest: { type: 'string' },
      'frame-shift': { type: 'string' },
      'blank-skip': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function readVocabulary(file: string): Promise<Vocabulary> {
  const bytes = await readFileBytes(file);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new CtcBiasError('PARSE_ERROR', `bad JSON (${(e as Error).message})`, { file });
  }
  try {
    return Vocabulary.fromJson(json);
  } catch (e) {
    if (isCtcBiasError(e)) throw new CtcBiasError('PARSE_ERROR', e.message, { file });
    throw e;
  }
}

async function listTokenizer(
  vocab: Vocabulary,
  spm: string | undefined,
): Promise<(text: string) => number[][]> {
  if (spm === undefined) {
    const tokenize = longestMatchTokenizer(vocab);
    return (text) => [tokenize(text)];
  }
  const tok = await loadSentencePieceTokenizer(spm, { blank: vocab.blank });
  const pieces = tok.vocabulary.tokens;
  if (pieces.length !== vocab.size || pieces.some((p, i) => p !== vocab.tokens[i])) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      'the SentencePiece model does not match the vocabulary',
      {
        file: spm,
      },
    );
  }
  return (text) => [tok.encode(text)];
}

function intOption(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new CtcBiasError('INVALID_ARGUMENT', `${name} must be a positive integer`, { value: v });
  }
  return n;
}

function numberOption(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new CtcBiasError('INVALID_ARGUMENT', `${name} must be a positive number`, { value: v });
  }
  return n;
}
