import { type BiasingList, type BiasingListItem, createBiasingList } from './biasing-list.js';
import { CtcBiasError } from './errors.js';
import { normalizeText } from './text.js';

/** One entry line of a biasing-list file, before normalization. */
export interface BiasingListLine {
  /** 1-based line number. */
  readonly line: number;
  /** The phrase as written (trimmed). */
  readonly text: string;
  /** The `:weight` suffix, when given. */
  readonly weight?: number;
  /** The `[category]` section the line is in, when any. */
  readonly category?: string;
}

const WEIGHT_SUFFIX = /^(.*?)(?:^|\s):(\S*)\s*$/su;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SECTION = /^\[([^\]]*)\]$/;
/** The longest line a list may have (an entry is a phrase, not a paragraph). */
export const MAX_LIST_LINE_CHARS = 1000;
// C0 controls but tab (and \r, which line splitting removes), DEL, C1 controls
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Parses a biasing-list file into its entry lines. The format, detected line by line:
 *
 * ```text
 * # full-line comments start with '#'; blank lines are skipped
 * ibuprofen                 plain: one entry per line
 * kate smith :2.5           sherpa-onnx / WeNet hotword style: phrase, whitespace, ':weight'
 * [contact]                 a section: the following entries get category "contact"
 * dr. o'brien
 * re:invent                 ':' without whitespace before it is part of the phrase
 * []                        an empty section: following entries have no category
 * ```
 *
 * A weight is a non-negative decimal number (`2`, `0.5`, `1e-1`); it applies to that line's
 * entry (default 1 later, in `createBiasingList`). Only whole lines are comments, so `#` inside
 * a phrase is kept.
 *
 * Throws `CtcBiasError('PARSE_ERROR')` naming `file` and the line for a bad weight (`:abc`,
 * `:-1`, `:NaN`, `:` alone), an empty phrase (`:2`), a phrase that normalizes to nothing, a line
 * longer than {@link MAX_LIST_LINE_CHARS}, or a control character (a binary file).
 */
export function parseBiasingListLines(content: string, file = '<input>'): BiasingListLine[] {
  const out: BiasingListLine[] = [];
  let category: string | undefined;
  const lines = content.replace(/^\ufeff/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const control = CONTROL.exec(raw);
    if (control) {
      throw new CtcBiasError(
        'PARSE_ERROR',
        `control character U+${(control[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')} (not a text list?)`,
        { file, line },
      );
    }
    if (raw.length > MAX_LIST_LINE_CHARS) {
      throw new CtcBiasError(
        'PARSE_ERROR',
        `line of ${raw.length} characters (at most ${MAX_LIST_LINE_CHARS}; one entry per line)`,
        { file, line },
      );
    }
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const section = SECTION.exec(trimmed);
    if (section) {
      const name = (section[1] as string).trim();
      category = name === '' ? undefined : name;
      return;
    }
    let text = trimmed;
    let weight: number | undefined;
    const suffix = WEIGHT_SUFFIX.exec(trimmed);
    if (suffix) {
      const weightText = suffix[2] as string;
      weight = NUMBER.test(weightText) ? Number(weightText) : Number.NaN;
      if (!Number.isFinite(weight) || weight < 0) {
        throw new CtcBiasError('PARSE_ERROR', 'bad weight (want a number ≥ 0)', {
          file,
          line,
          value: `:${weightText}`,
        });
      }
      text = (suffix[1] as string).trim();
    }
    if (normalizeText(text) === '') {
      throw new CtcBiasError('PARSE_ERROR', 'empty phrase', { file, line, value: trimmed });
    }
    const entry: { line: number; text: string; weight?: number; category?: string } = {
      line,
      text,
    };
    if (weight !== undefined) entry.weight = weight;
    if (category !== undefined) entry.category = category;
    out.push(entry);
  });
  return out;
}

/**
 * Parses a biasing-list file (see {@link parseBiasingListLines} for the format) into a
 * normalized {@link BiasingList}: `normalizeText` (NFKC, lowercase, whitespace), duplicates
 * merged (highest weight, first category).
 *
 * ```ts
 * parseBiasingList('Kate Smith :2\n# drugs\n[drug]\nibuprofen\nkate  SMITH\n', 'list.txt');
 * // entries: [{ text: 'kate smith', weight: 2, category: 'drug', … },
 * //           { text: 'ibuprofen', weight: 1, category: 'drug', … }]
 * parseBiasingList('smith :abc', 'list.txt');
 * // throws CtcBiasError PARSE_ERROR: list.txt:1: bad weight (want a number ≥ 0) ":abc"
 * ```
 */
export function parseBiasingList(content: string, file = '<input>'): BiasingList {
  const items: BiasingListItem[] = parseBiasingListLines(content, file).map((l) => {
    const item: { text: string; weight?: number; category?: string } = { text: l.text };
    if (l.weight !== undefined) item.weight = l.weight;
    if (l.category !== undefined) item.category = l.category;
    return item;
  });
  return createBiasingList(items);
}

/**
 * Writes a list in the format {@link parseBiasingList} reads, one entry per line in list order:
 * ` :weight` when the weight is not 1, a `[category]` line whenever the category changes (`[]`
 * when it goes back to none). Variants, tokenizations and pronunciations are not written.
 * `parseBiasingList(formatBiasingList(list))` gives back the entries' text, weight and category.
 *
 * ```ts
 * formatBiasingList(createBiasingList([{ text: 'kate smith', weight: 2.5, category: 'contact' }, 'ibuprofen']));
 * // '[contact]\nkate smith :2.5\n[]\nibuprofen\n'
 * ```
 *
 * Throws `CtcBiasError('INVALID_ARGUMENT')` for an entry that would read back as a comment or
 * section line (text starting with `#`, or in `[…]`), or a category that is empty, contains `]`
 * or a line break, or has surrounding whitespace.
 */
export function formatBiasingList(list: BiasingList): string {
  const lines: string[] = [];
  let category: string | undefined;
  for (const e of list.entries) {
    if (e.text.startsWith('#') || SECTION.test(e.text)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'entry cannot be written as a list line', {
        value: e.text,
      });
    }
    if (e.category !== category) {
      const c = e.category;
      if (c !== undefined && (c === '' || c.includes(']') || c.trim() !== c || /[\r\n]/.test(c))) {
        throw new CtcBiasError('INVALID_ARGUMENT', 'category cannot be written', {
          value: e.category,
        });
      }
      lines.push(`[${e.category ?? ''}]`);
      category = e.category;
    }
    // A ':' in the text could read as a weight suffix: an explicit weight keeps it a phrase.
    lines.push(e.weight !== 1 || e.text.includes(':') ? `${e.text} :${e.weight}` : e.text);
  }
  return lines.map((l) => `${l}\n`).join('');
}
