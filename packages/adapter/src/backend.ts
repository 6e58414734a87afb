/**
 * The onnxruntime backend injection is shared with `@ctcbias/encoder` (its browser-safe
 * `./backend` entry), so one `Backend` value configures both packages:
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
export type {
  Backend,
  BackendChoice,
  OrtModule,
  SessionOptions,
} from '@ctcbias/encoder/backend';
export { resolveBackend } from '@ctcbias/encoder/backend';
