import { CtcBiasError, Vocabulary } from '@ctcbias/core';

/** Token names taken as the blank when neither the config nor the tokens file says which it is. */
const BLANK_NAMES = ['<blk>', '<blank>'];

/**
 * Parses a model's token list into a {@link Vocabulary}. Accepted forms, by file extension:
 *
 * ```text
 * tokens.json  {"tokens": ["<blk>", "<unk>", "▁the", …], "blank": 0}    (ctcbias / export.py)
 * tokens.json  ["<blk>", "<unk>", "▁the", …]                           (array: id = index)
 * vocab.json   {"<pad>": 0, "<s>": 1, "e": 5, "|": 4, …}                (Hugging Face: token → id)
 * tokens.txt   ▁the 5        (sherpa-onnx / NeMo export: "token id" per line)
 * tokens.txt   ▁the          (one token per line: id = line number − 1)
 * ```
 *
 * `blank` (from the model config) overrides the file's; otherwise the file's `blank`, else a token
 * named `<blk>` or `<blank>`. Errors name `file` (and the line for `.txt`).
 */
export function parseTokens(text: string, file: string, blank?: number): Vocabulary {
  const parseFail = (reason: string, line?: number, value?: unknown): never => {
    const details: { file: string; line?: number; value?: unknown } = { file };
    if (line !== undefined) details.line = line;
    if (value !== undefined) details.value = value;
    throw new CtcBiasError('PARSE_ERROR', reason, details);
  };
  let tokens: string[];
  let fileBlank: number | undefined;
  let unk: number | undefined;
  if (file.toLowerCase().endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      return parseFail(`invalid JSON (${(cause as Error).message})`);
    }
    if (Array.isArray(json)) {
      tokens = json.map((t, i) =>
        typeof t === 'string' ? t : parseFail(`token ${i} is not a string`, undefined, t),
      );
    } else if (
      typeof json === 'object' &&
      json !== null &&
      Array.isArray((json as { tokens?: unknown }).tokens)
    ) {
      const o = json as { tokens: unknown[]; blank?: unknown; unk?: unknown };
      tokens = o.tokens.map((t, i) =>
        typeof t === 'string' ? t : parseFail(`token ${i} is not a string`, undefined, t),
      );
      if (o.blank !== undefined)
        fileBlank =
          typeof o.blank === 'number'
            ? o.blank
            : parseFail('"blank" must be a number', undefined, o.blank);
      if (o.unk !== undefined)
        unk =
          typeof o.unk === 'number' ? o.unk : parseFail('"unk" must be a number', undefined, o.unk);
    } else if (typeof json === 'object' && json !== null) {
      tokens = fromIdMap(Object.entries(json as Record<string, unknown>), (reason, value) =>
        parseFail(reason, undefined, value),
      );
    } else {
      return parseFail('expected {"tokens": [...]}, an array of tokens, or a token → id map');
    }
  } else {
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    const idLine = /^(.+)[ \t]+(\d+)$/;
    if (lines.length > 0 && lines.every((l) => idLine.test(l))) {
      const pairs: [string, unknown][] = [];
      const lineOf = new Map<number, number>();
      lines.forEach((l, i) => {
        const m = idLine.exec(l) as RegExpExecArray;
        const id = Number(m[2]);
        pairs.push([m[1] as string, id]);
        lineOf.set(id, i + 1);
      });
      tokens = fromIdMap(pairs, (reason, value) =>
        parseFail(reason, typeof value === 'number' ? lineOf.get(value) : undefined, value),
      );
    } else {
      lines.forEach((l, i) => {
        if (l.length === 0) parseFail('empty token', i + 1);
      });
      tokens = lines;
    }
  }
  if (tokens.length === 0) parseFail('no tokens');
  let blankId = blank ?? fileBlank;
  if (blankId === undefined) {
    const named = tokens.findIndex((t) => BLANK_NAMES.includes(t));
    if (named < 0) {
      parseFail('blank id unknown: set "blank" in the model config (no <blk> or <blank> token)');
    }
    blankId = named;
  }
  try {
    return new Vocabulary(tokens, blankId, unk);
  } catch (e) {
    if (e instanceof CtcBiasError) {
      throw new CtcBiasError('PARSE_ERROR', e.reason, { file, value: e.value, cause: e });
    }
    throw e;
  }
}

/** Dense id → token list from (token, id) pairs; ids must be exactly 0 … n−1. */
function fromIdMap(
  pairs: readonly (readonly [string, unknown])[],
  fail: (reason: string, value?: unknown) => never,
): string[] {
  const tokens = new Array<string>(pairs.length);
  const seen = new Uint8Array(pairs.length);
  for (const [token, id] of pairs) {
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= pairs.length) {
      fail(`token id out of range [0, ${pairs.length}) for ${JSON.stringify(token)}`, id);
    }
    if (seen[id as number]) fail('duplicate token id', id);
    seen[id as number] = 1;
    tokens[id as number] = token;
  }
  return tokens;
}
