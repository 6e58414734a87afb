import { CtcBiasError } from '@ctcbias/core';
import type { InferenceSession, OnnxValue, Tensor } from 'onnxruntime-common';

/**
 * The part of an `InferenceSession` the adapter uses. Any `InferenceSession` is one; tests and
 * tools can wrap one (e.g. to count runs) with a plain object.
 */
export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: InferenceSession.FeedsType): Promise<InferenceSession.ReturnType>;
  release?(): Promise<void>;
}

/** Throws MODEL_ERROR unless the session has every named input and output. */
export function checkSessionNames(
  session: OnnxSession,
  what: string,
  inputs: readonly string[],
  outputs: readonly string[],
): void {
  for (const name of inputs) {
    if (!session.inputNames.includes(name)) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        `${what} has no input "${name}" (inputs: ${session.inputNames.join(', ')})`,
      );
    }
  }
  for (const name of outputs) {
    if (!session.outputNames.includes(name)) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        `${what} has no output "${name}" (outputs: ${session.outputNames.join(', ')})`,
      );
    }
  }
}

/** Runs a session, turning a runtime failure into MODEL_ERROR that names the graph. */
export async function runSession(
  session: OnnxSession,
  what: string,
  feeds: InferenceSession.FeedsType,
): Promise<InferenceSession.ReturnType> {
  try {
    return await session.run(feeds);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CtcBiasError('MODEL_ERROR', `${what} failed: ${reason}`, { cause });
  }
}

function isTensor(v: OnnxValue | undefined): v is Tensor {
  return v !== undefined && 'dims' in v && 'data' in v;
}

/**
 * Returns output `name` as float32 data, checking its shape against `dims` (a `null` entry
 * accepts any size). Throws MODEL_ERROR naming the graph otherwise.
 */
export function float32Output(
  results: InferenceSession.ReturnType,
  what: string,
  name: string,
  dims: readonly (number | null)[],
): { data: Float32Array; dims: readonly number[] } {
  const value = results[name];
  if (!isTensor(value) || !(value.data instanceof Float32Array)) {
    throw new CtcBiasError('MODEL_ERROR', `${what} output "${name}" is not a float32 tensor`);
  }
  const ok =
    value.dims.length === dims.length && dims.every((d, i) => d === null || value.dims[i] === d);
  if (!ok) {
    const want = dims.map((d) => (d === null ? '?' : String(d))).join(', ');
    throw new CtcBiasError(
      'MODEL_ERROR',
      `${what} output "${name}" has shape [${value.dims.join(', ')}], expected [${want}]`,
    );
  }
  return { data: value.data, dims: value.dims };
}
