import { CtcBiasError } from '@ctcbias/core';

/**
 * `adapter.json`, written by `recipes/adapter/train_adapter.py` next to the two ONNX graphs.
 *
 * ```json
 * {
 *   "name": "ctcbias-default-adapter",
 *   "entryEncoder": "entry_encoder.onnx",        // tokens [N, L] int64, lengths [N] int64 → entries [N, entryDim]
 *   "biaser": "biaser.onnx",                     // hidden_mid, hidden_last [1, T, D], entries → logprobs [1, T, V], attention [1, T, N+1]
 *   "entryDim": 128,
 *   "maxEntryTokens": 32,                        // longer tokenizations are truncated
 *   "hidden": { "mid": "hidden_mid", "last": "hidden_last" },  // EncoderOutput.hidden key → biaser input
 *   "baseModel": "ctcbias-default-en",
 *   "trainSeconds": 5400, "trainUtterances": 8000, "steps": 1500, "params": 256002,
 *   "gain": 1.5                                  // biasing strength already applied to the biaser's weights
 * }
 * ```
 */
export interface AdapterConfig {
  readonly name: string;
  /** File name of the entry-encoder graph, relative to the adapter directory. */
  readonly entryEncoder: string;
  /** File name of the biaser graph, relative to the adapter directory. */
  readonly biaser: string;
  /** Width of one entry vector. */
  readonly entryDim: number;
  /** Tokens per entry the entry encoder accepts (its position table); longer ones are truncated. */
  readonly maxEntryTokens: number;
  /** `EncoderOutput.hidden` key → biaser input name, e.g. `{ mid: 'hidden_mid', last: 'hidden_last' }`. */
  readonly hidden: Readonly<Record<string, string>>;
  /** Name of the base model the adapter was trained on, if recorded. */
  readonly baseModel?: string;
  /** Training facts as recorded by the recipe (informational). */
  readonly trainSeconds?: number;
  readonly trainUtterances?: number;
  readonly steps?: number;
  readonly params?: number;
  /**
   * Scale the recipe applied to the trained output projection before export (`train_adapter.py --gain`, chosen on
   * the dev entities): informational, the biaser graph already contains it.
   */
  readonly gain?: number;
}

function fail(reason: string, file: string | undefined, value: unknown): never {
  throw new CtcBiasError('PARSE_ERROR', reason, file === undefined ? { value } : { file, value });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates parsed `adapter.json` content. Throws PARSE_ERROR naming `file` and the bad field.
 *
 * ```ts
 * parseAdapterConfig(JSON.parse(text), 'adapter.json').maxEntryTokens; // 32
 * ```
 */
export function parseAdapterConfig(json: unknown, file?: string): AdapterConfig {
  if (!isRecord(json)) fail('adapter config must be a JSON object, got', file, typeof json);
  const str = (key: string, optional = false): string | undefined => {
    const v = json[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v === '')
      fail(`adapter config "${key}" must be a string`, file, v);
    return v;
  };
  const int = (key: string, optional = false): number | undefined => {
    const v = json[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || (!optional && v === 0)) {
      fail(
        `adapter config "${key}" must be a ${optional ? 'non-negative' : 'positive'} integer`,
        file,
        v,
      );
    }
    return v;
  };
  const hidden = json.hidden;
  if (!isRecord(hidden) || Object.keys(hidden).length === 0) {
    fail('adapter config "hidden" must map hidden-state names to biaser inputs', file, hidden);
  }
  for (const [key, input] of Object.entries(hidden)) {
    if (typeof input !== 'string' || input === '') {
      fail(`adapter config "hidden.${key}" must be a string`, file, input);
    }
  }
  const config: {
    -readonly [K in keyof AdapterConfig]: AdapterConfig[K];
  } = {
    name: str('name') as string,
    entryEncoder: str('entryEncoder') as string,
    biaser: str('biaser') as string,
    entryDim: int('entryDim') as number,
    maxEntryTokens: int('maxEntryTokens') as number,
    hidden: Object.freeze({ ...(hidden as Record<string, string>) }),
  };
  const baseModel = str('baseModel', true);
  if (baseModel !== undefined) config.baseModel = baseModel;
  for (const key of ['trainSeconds', 'trainUtterances', 'steps', 'params'] as const) {
    const v = int(key, true);
    if (v !== undefined) config[key] = v;
  }
  const gain = json.gain;
  if (gain !== undefined) {
    if (typeof gain !== 'number' || !Number.isFinite(gain) || gain <= 0) {
      fail('adapter config "gain" must be a positive number', file, gain);
    }
    config.gain = gain;
  }
  return Object.freeze(config);
}
