export type { Backend, BackendChoice, OrtModule, SessionOptions } from './backend.js';
export { resolveBackend } from './backend.js';
export type { Chunk } from './chunking.js';
export { planChunks } from './chunking.js';
export type { InputLayout, ModelConfig, ModelConfigInput } from './config.js';
export { parseModelConfig } from './config.js';
export type { EncodeOptions, EncoderParts } from './encoder.js';
export { Encoder, logSoftmaxRows } from './encoder.js';
export type {
  FeatureConfig,
  Features,
  LogMelConfig,
  WaveformConfig,
  WindowType,
} from './features.js';
export {
  analysisWindow,
  computeFeatures,
  createFeatureExtractor,
  DEFAULT_LOGMEL,
  LogMelExtractor,
  melFilterbank,
} from './features.js';
export { RealFft } from './fft.js';
export type { LoadModelFromOptions } from './load.js';
export { loadModelFrom, MODEL_CONFIG_FILE } from './load.js';
export type { ResampleOptions } from './resample.js';
export { MAX_PHASES, resample } from './resample.js';
export { parseTokens } from './tokens.js';
export type { DecodedAudio, ReadWavOptions } from './wav.js';
export { decodeWav } from './wav.js';
