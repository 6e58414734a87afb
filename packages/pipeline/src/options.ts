import { CtcBiasError, type StageOptionSpec, type StageOptionsSchema } from '@ctcbias/core';

/**
 * Checks one option value against its spec; throws INVALID_ARGUMENT naming `group.knob` and
 * saying what it must be.
 *
 * ```ts
 * checkOption('beam', 'beamWidth', { type: 'number', default: 16, min: 1, integer: true, description: '' }, 0);
 * // throws: parameter beam.beamWidth must be a positive integer 0
 * ```
 */
export function checkOption(
  group: string,
  knob: string,
  spec: StageOptionSpec,
  value: unknown,
  what = 'parameter',
): void {
  const fail = () =>
    new CtcBiasError('INVALID_ARGUMENT', `${what} ${group}.${knob} must be ${describe(spec)}`, {
      value,
    });
  if (spec === null || typeof spec !== 'object') {
    throw new CtcBiasError('INVALID_ARGUMENT', `option ${group}.${knob} has no spec`);
  }
  if (spec.type === 'choice') {
    if (typeof value !== 'string' || !spec.choices.includes(value)) throw fail();
    return;
  }
  if (spec.type !== 'number') {
    throw new CtcBiasError('INVALID_ARGUMENT', `option ${group}.${knob}: unknown type`, {
      value: (spec as { type?: unknown }).type,
    });
  }
  if (typeof value !== 'number' || Number.isNaN(value)) throw fail();
  if (!Number.isFinite(value)) {
    if (!spec.infinite) throw fail();
    if (spec.min !== undefined && value < spec.min) throw fail();
    if (spec.max !== undefined && value > spec.max) throw fail();
    return;
  }
  if (spec.integer && !Number.isInteger(value)) throw fail();
  if (spec.min !== undefined && value < spec.min) throw fail();
  if (spec.max !== undefined && value > spec.max) throw fail();
}

/** What a value of `spec` must be, for messages: `a positive integer`, `in [0, 1]`, `≥ 0 (or Infinity)`. */
export function describe(spec: StageOptionSpec): string {
  if (spec.type === 'choice') return `one of ${spec.choices.map((c) => `"${c}"`).join(', ')}`;
  const { min, max, integer, infinite } = spec;
  let text: string;
  if (integer && min === 1 && max === undefined) text = 'a positive integer';
  else {
    const kind = integer ? 'an integer' : '';
    const range =
      min !== undefined && max !== undefined
        ? `in [${min}, ${max}]`
        : min !== undefined
          ? `≥ ${min}`
          : max !== undefined
            ? `≤ ${max}`
            : '';
    text = [kind, range].filter((x) => x !== '').join(' ') || 'a finite number';
  }
  if (!infinite) return text;
  if (text === 'a finite number') return 'a number, or ±Infinity';
  const inf =
    min !== undefined && min > -Infinity
      ? 'Infinity'
      : max !== undefined
        ? '-Infinity'
        : '±Infinity';
  return `${text} (or ${inf})`;
}

/** The defaults of a schema, as option values. */
export function defaultsOf(schema: StageOptionsSchema): Record<string, number | string> {
  return Object.fromEntries(Object.entries(schema).map(([k, s]) => [k, s.default]));
}
