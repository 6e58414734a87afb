/**
 * `@ctcbias/encoder/node` — the Node-only part of the package: models from directories (with
 * checksum verification), the embedded default model, WAV files. The main entry is browser-safe
 * (`loadModelFrom(read)`, `decodeWav(bytes)`, features, the encoder itself).
 *
 * ```ts
 * import { loadDefaultModel, loadModel, readWav } from '@ctcbias/encoder/node';
 * const enc = await loadDefaultModel();
 * const out = await enc.encode((await readWav('call.wav', { sampleRate: enc.sampleRate })).samples);
 * ```
 */
export { CHECKSUM_FILE, verifyChecksums } from './checksums.js';
export { DEFAULT_MODEL_DIR, loadDefaultModel } from './default-model.js';
export type { LoadModelOptions } from './load-dir.js';
export { loadModel } from './load-dir.js';
export { readWav } from './wav-file.js';
