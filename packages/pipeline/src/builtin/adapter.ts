import {
  attentionHeatmapSvg,
  ContextualAdapter,
  createAdapterModel,
  getAdapterAttention,
} from '@ctcbias/adapter';
import { CtcBiasError, defineStage, isCtcBiasError, type StageEnvironment } from '@ctcbias/core';
import { filePath } from '../file-path.js';

/**
 * `adapter`: the contextual adapter on the encoder output. Its directory (or URL prefix) is
 * `files.adapter` (`--adapter`); in Node, the embedded adapter by default.
 */
export const adapterStage = defineStage({
  specificationVersion: 'v1',
  name: 'adapter',
  position: 'encoder-transform',
  description: 'contextual adapter: attends from hidden states to list entries, biases posteriors',
  options: {
    tokenizations: {
      type: 'choice',
      default: 'first',
      choices: ['first', 'all'],
      description:
        "which tokenizations of an entry become attention rows: the text's best segmentation (as trained) or all",
    },
  },
  async load(env) {
    if (env.file === undefined) {
      return { unavailable: 'no adapter directory given (files.adapter, --adapter DIR)' };
    }
    const sessionOptions =
      env.threads !== undefined
        ? { intraOpNumThreads: env.threads, interOpNumThreads: 1 }
        : undefined;
    const model = await createAdapterModel(await readAdapterFiles(env, env.file), {
      ...(env.backend !== undefined ? { backend: env.backend } : {}),
      ...(sessionOptions ? { sessionOptions } : {}),
    });
    return {
      create: (o) => new ContextualAdapter(model, { tokenizations: o.tokenizations }),
      attention: {
        attentionOf: getAdapterAttention,
        heatmapSvg: (att, title) => attentionHeatmapSvg(att, { title }),
      },
    };
  },
});

/** `adapter.json` and the two graphs it names, from `dir` through `env.read`. */
async function readAdapterFiles(env: StageEnvironment, dir: string) {
  const jsonPath = filePath(dir, 'adapter.json');
  let config: { entryEncoder?: unknown; biaser?: unknown };
  try {
    config = JSON.parse(new TextDecoder().decode(await env.read(jsonPath)));
  } catch (cause) {
    if (isCtcBiasError(cause) && cause.code === 'NOT_FOUND') {
      throw new CtcBiasError('MODEL_ERROR', 'not an adapter directory (no adapter.json)', {
        file: dir,
        cause,
      });
    }
    if (isCtcBiasError(cause)) throw cause;
    throw new CtcBiasError('PARSE_ERROR', `invalid JSON (${(cause as Error).message})`, {
      file: jsonPath,
      cause,
    });
  }
  const graph = (name: unknown, what: string) => {
    if (typeof name !== 'string') {
      throw new CtcBiasError('MODEL_ERROR', `adapter.json names no ${what} graph`, {
        file: jsonPath,
      });
    }
    return env.read(filePath(dir, name));
  };
  const [entryEncoder, biaser] = await Promise.all([
    graph(config.entryEncoder, 'entryEncoder'),
    graph(config.biaser, 'biaser'),
  ]);
  return { config, entryEncoder, biaser };
}
