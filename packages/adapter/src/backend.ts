import { CtcBiasError } from '@ctcbias/core';
import type { InferenceSession, TensorConstructor } from 'onnxruntime-common';
import type { OnnxSession } from './onnx-session.js';

/**
 * What the adapter needs from an onnxruntime package: `onnxruntime-node`, `onnxruntime-web`, or
 * anything with the same two members (a test double, a wrapper).
 *
 * `Tensor` must come from the same module as `InferenceSession`: sessions check their feeds with
 * `instanceof`, and the ESM and CommonJS builds of `onnxruntime-common` are different classes.
 */
export interface OrtModule {
  readonly InferenceSession: {
    create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<OnnxSession>;
  };
  readonly Tensor: TensorConstructor;
}

/** Options forwarded to `InferenceSession.create` (threads, execution providers, …). */
export type SessionOptions = InferenceSession.SessionOptions;

/**
 * An onnxruntime implementation injected into the adapter loaders. Structurally the same as
 * `@ctcbias/encoder`'s `Backend`, so one value configures both packages.
 *
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * ort.env.wasm.numThreads = 1;
 * const adapter = await loadAdapter(dir, {
 *   backend: { name: 'web', ort, sessionOptions: { executionProviders: ['wasm'] } },
 * });
 * // same as: loadAdapter(dir, { backend: 'web' })
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
 * Imports the named onnxruntime package on first use (a web bundle never loads the native addon,
 * nor Node the WebAssembly build). For `'web'`, `env.wasm.numThreads` is set to 1 unless the caller
 * set it: multi-threaded WASM needs worker threads and cross-origin isolation.
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
