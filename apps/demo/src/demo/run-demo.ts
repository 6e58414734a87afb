import { existsSync } from 'node:fs';
import { CtcBiasError, isCtcBiasError } from '@ctcbias/core';
import { readBiasingListFile } from '@ctcbias/core/node';
import {
  ablationConfigs,
  availableStages,
  formatStages,
  JointPipeline,
  resolveParams,
  stageRegistry,
} from '@ctcbias/pipeline';
import {
  DEFAULT_ADAPTER_DIR,
  DEFAULT_MODEL_DIR,
  defaultModelEmbedded,
  loadComponents,
  type PipelineSpec,
} from '@ctcbias/pipeline/node';
import { runBatch } from '../cli/batch.js';
import type { CliEnv } from '../cli/context.js';
import { type AblationRow, formatAblationTable } from '../eval/ablation-table.js';
import { readManifest } from '../eval/manifest.js';
import { computeMetrics } from '../eval/metrics.js';
import { SAMPLES_LIST, SAMPLES_MANIFEST } from '../samples.js';

/**
 * `pnpm demo`: the joint model on the shipped sample WAVs (rare names) with the shipped list.
 * Prints, per sample, the reference, the plain transcript (no biasing) and the biased one (every
 * available stage), then the ablation table over the samples. Returns the exit status. `spec`
 * replaces the embedded model/adapter/LM (default: the embedded ones).
 */
export async function runDemo(
  env: Pick<CliEnv, 'stdout' | 'stderr'>,
  spec: PipelineSpec = {},
): Promise<number> {
  try {
    if (spec.modelDir === undefined && !defaultModelEmbedded()) {
      throw new CtcBiasError(
        'MODEL_ERROR',
        `the default model is not embedded in this checkout yet (no model.onnx in ${DEFAULT_MODEL_DIR}). ` +
          'Try the CLI with your own model: pnpm ctcbias transcribe <wav> --model DIR --list FILE',
      );
    }
    for (const f of [SAMPLES_MANIFEST, SAMPLES_LIST]) {
      if (!existsSync(f))
        throw new CtcBiasError('NOT_FOUND', 'demo samples are missing', { file: f });
    }
    const items = await readManifest(SAMPLES_MANIFEST);
    const list = await readBiasingListFile(SAMPLES_LIST);
    const every = stageRegistry.names();
    const wanted = existsSync(`${spec.adapterDir ?? DEFAULT_ADAPTER_DIR}/adapter.json`)
      ? every
      : every.filter((s) => s !== 'adapter');
    const components = await loadComponents(spec, wanted);
    const stages = availableStages(components);
    const pipeline = new JointPipeline(components, { stages, params: resolveParams() });

    env.stdout.write(
      `ctcbias demo: ${items.length} sample WAVs, biasing list of ${list.entries.length} entries\n` +
        `biased = ${formatStages(stages, ' + ')}\n`,
    );
    for (const s of every.filter((s) => !stages.includes(s))) {
      const why =
        s === 'adapter' && !wanted.includes('adapter')
          ? `the default adapter is not embedded yet (${DEFAULT_ADAPTER_DIR})`
          : (components.unavailable?.[s] ?? 'unavailable');
      env.stdout.write(`  (stage ${s} left out: ${why})\n`);
    }
    env.stdout.write('\n');

    const configs = ablationConfigs(stages).filter((c) => c.kind !== 'without');
    const jobs = items.map((i) => ({
      id: i.id,
      audio: i.audio,
      configs: configs.map((c) => c.stages),
    }));
    const results = await runBatch(jobs, list, { kind: 'local', pipeline }, env.stderr);
    const allIndex = configs.length - 1;
    const width = Math.max(...items.map((i) => i.id.length));
    items.forEach((item, i) => {
      const outputs = results[i]?.outputs ?? [];
      const pad = ' '.repeat(width);
      env.stdout.write(
        `${item.id.padEnd(width)}  reference  ${item.text}\n` +
          `${pad}  plain      ${outputs[0]?.text ?? ''}\n` +
          `${pad}  biased     ${outputs[allIndex]?.text ?? ''}\n\n`,
      );
    });
    const rows: AblationRow[] = configs.map((c, k) => ({
      ...c,
      metrics: computeMetrics(
        items.map((item, i) => ({ ref: item.text, hyp: results[i]?.outputs[k]?.text ?? '' })),
        list,
      ),
    }));
    env.stdout.write(`${formatAblationTable(rows)}\n`);
    env.stdout.write(
      '\nWER, U-WER, B-WER and entity P/R/F1 in % over the samples (a handful of files: an\n' +
        'illustration, not an evaluation — see docs/results.md). Try your own list:\n' +
        '  pnpm ctcbias transcribe <wav> --list names.txt --json\n',
    );
    return 0;
  } catch (e) {
    if (isCtcBiasError(e)) {
      env.stderr.write(`demo: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
