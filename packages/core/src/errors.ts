/**
 * The single error type thrown by every ctcbias package.
 *
 * `code` says what kind of failure it is; `file`, `line` and `value` name the offending
 * input when known and are folded into the message:
 *
 * ```ts
 * throw new CtcBiasError('PARSE_ERROR', 'bad weight', { file: 'list.txt', line: 3, value: 'abc' });
 * // message: list.txt:3: bad weight "abc"
 * ```
 */
export type CtcBiasErrorCode =
  | 'PARSE_ERROR'
  | 'INVALID_ARGUMENT'
  | 'IO_ERROR'
  | 'WAV_ERROR'
  | 'MODEL_ERROR'
  | 'NOT_FOUND'
  | 'UNSUPPORTED'
  | 'INTERNAL';

/** Where the offending input came from (all optional). */
export interface CtcBiasErrorDetails {
  /** File the input came from. */
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
  /** The offending value, quoted in the message. */
  value?: unknown;
  /** Underlying error, if any. */
  cause?: unknown;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null) return 'null';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Formats `file:line: reason "value"`, leaving out the parts that are absent. */
export function formatErrorMessage(reason: string, details: CtcBiasErrorDetails = {}): string {
  let prefix = '';
  if (details.file !== undefined) {
    prefix = details.line !== undefined ? `${details.file}:${details.line}: ` : `${details.file}: `;
  } else if (details.line !== undefined) {
    prefix = `line ${details.line}: `;
  }
  const suffix = 'value' in details ? ` ${formatValue(details.value)}` : '';
  return `${prefix}${reason}${suffix}`;
}

export class CtcBiasError extends Error {
  readonly code: CtcBiasErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly value: unknown;
  /** The reason without the file/line/value decorations. */
  readonly reason: string;

  constructor(code: CtcBiasErrorCode, reason: string, details: CtcBiasErrorDetails = {}) {
    super(
      formatErrorMessage(reason, details),
      details.cause !== undefined ? { cause: details.cause } : undefined,
    );
    this.name = 'CtcBiasError';
    this.code = code;
    this.reason = reason;
    this.file = details.file;
    this.line = details.line;
    this.value = details.value;
  }
}

/** Type guard, optionally narrowing to one code. */
export function isCtcBiasError(e: unknown, code?: CtcBiasErrorCode): e is CtcBiasError {
  return e instanceof CtcBiasError && (code === undefined || e.code === code);
}
