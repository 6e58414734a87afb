import { CtcBiasError } from '@ctcbias/core';
import type * as OrtCommon from 'onnxruntime-common';

export type SessionOptions = OrtCommon.InferenceSession.SessionOptions;

/**
 * What the encoder needs from an onnxruntime package — `onnxruntime-node`, `onnxruntime-web`, or
 * anything with these two members (a wrapper, a test double). `Tensor` must come from the same
 * module as `InferenceSession` (sessions check their feeds with `instanceof`).
 */
export interface OrtModule {
  readonly InferenceSession: {
    create(model: Uint8Array, options?: SessionOptions): Promise<OrtCommon.InferenceSession>;
  };
  readonly Tensor: OrtCommon.TensorConstructor;
}

/**
 * An onnxruntime implementation behind the `onnxruntime-common` interface, injected into
 * `loadModelFrom` and `loadModel`. Only `InferenceSession.create(bytes, options)`, `session.run` and `Tensor` are
 * used, so any build of onnxruntime's JS API works.
 *
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * ort.env.wasm.numThreads = 1;
 * const enc = await loadModel(dir, {
 *   backend: { name: 'web', ort, sessionOptions: { executionProviders: ['wasm'] } },
 * });
 * // same as: loadModel(dir, { backend: 'web' })
 * ```
 */
export interface Backend {
  readonly name: string;
  readonly ort: OrtModule;
  /** Merged under the caller's `sessionOptions`. */
  readonly sessionOptions?: SessionOptions;
}

/** `'node'` (onnxruntime-node, CPU; the default), `'web'` (onnxruntime-web, WebAssembly), or a {@link Backend}. */
export type BackendChoice = 'node' | 'web' | Backend;

/**
 * Imports the named onnxruntime package on first use (so a web bundle never loads the native
 * addon, nor Node the WebAssembly build). For `'web'`, `env.wasm.numThreads` is set to 1 unless
 * the caller set it: multi-threaded WASM needs worker threads and cross-origin isolation.
 */
export async function resolveBackend(choice: BackendChoice = 'node'): Promise<Backend> {
  if (typeof choice === 'object') return choice;
  if (choice === 'node') {
    const ort = await import('onnxruntime-node');
    return { name: 'node', ort, sessionOptions: { executionProviders: ['cpu'] } };
  }
  if (choice === 'web') {
    const ort = await import('onnxruntime-web');
    if (ort.env.wasm.numThreads === undefined) ort.env.wasm.numThreads = 1;
    return { name: 'web', ort, sessionOptions: { executionProviders: ['wasm'] } };
  }
  throw new CtcBiasError('INVALID_ARGUMENT', "unknown backend: use 'node', 'web' or a Backend", {
    value: choice,
  });
}
