import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attentionHeatmapSvg, ContextualAdapter, getAdapterAttention } from '@ctcbias/adapter';
import { DEFAULT_ADAPTER_DIR, loadAdapterModel } from '@ctcbias/adapter/node';
import { CtcBiasError, defineStage } from '@ctcbias/core';

/**
 * `adapter`: the contextual adapter on the encoder output. Its directory is `files.adapter`
 * (`--adapter`); default: the embedded adapter.
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
    const dir = env.file ?? DEFAULT_ADAPTER_DIR;
    if (env.file === undefined && !existsSync(join(dir, 'adapter.json'))) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        'the default adapter is not embedded in this checkout yet (no adapter.json); pass --adapter DIR',
        { file: dir },
      );
    }
    const sessionOptions =
      env.threads !== undefined
        ? { intraOpNumThreads: env.threads, interOpNumThreads: 1 }
        : undefined;
    const model = await loadAdapterModel(dir, sessionOptions ? { sessionOptions } : {});
    return {
      create: (o) => new ContextualAdapter(model, { tokenizations: o.tokenizations }),
      attention: {
        attentionOf: getAdapterAttention,
        heatmapSvg: (att, title) => attentionHeatmapSvg(att, { title }),
      },
    };
  },
});
