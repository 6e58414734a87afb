import type { StageOptionSpec, StageOptionsSchema } from '@ctcbias/core';
import { describeOption, PIPELINE_OPTIONS, stageRegistry } from '@ctcbias/pipeline';
import type { ParsedOptions } from '../args.js';
import { type CliEnv, loadPlugins } from '../context.js';

/**
 * `ctcbias stages`: the registered stages (built-in and `--plugin`) in pipeline order with
 * their position, description and options, then the pipeline's own parameter groups.
 *
 * ```text
 * boost  beam-scorer  adaptive boost of list-entry subwords in the beam (entity trie)
 *   boost.margin = 0.5            ≥ 0   boost of a token that already is its frame's top-1
 * ```
 */
export async function stagesCommand(env: CliEnv, o: ParsedOptions): Promise<void> {
  await loadPlugins(env, o);
  const stages = stageRegistry.stages();
  if (o.json) {
    const json = {
      stages: stages.map((s) => ({
        name: s.name,
        position: s.position,
        description: s.description,
        ...(s.withoutList ? { withoutList: true } : {}),
        ...(s.needsPronunciations ? { needsPronunciations: true } : {}),
        options: s.options,
      })),
      pipeline: PIPELINE_OPTIONS,
    };
    env.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const width = Math.max(...stages.map((s) => s.name.length));
  const lines: string[] = ['Stages, in pipeline order (--stages NAME,…; --set NAME.KNOB=V):', ''];
  for (const s of stages) {
    lines.push(`${s.name.padEnd(width)}  ${s.position.padEnd(19)}  ${s.description}`);
    lines.push(...optionLines(s.name, s.options));
  }
  lines.push('', 'Pipeline parameters (--set GROUP.KNOB=V):', '');
  for (const [group, schema] of Object.entries(PIPELINE_OPTIONS)) {
    lines.push(...optionLines(group, schema));
  }
  env.stdout.write(`${lines.join('\n')}\n`);
}

function optionLines(group: string, schema: StageOptionsSchema): string[] {
  return Object.entries(schema).map(([knob, spec]: [string, StageOptionSpec]) => {
    const head = `  ${group}.${knob} = ${formatDefault(spec.default)}`;
    return `${head.padEnd(36)} ${describeOption(spec).padEnd(28)} ${spec.description}`;
  });
}

function formatDefault(v: number | string): string {
  if (typeof v === 'string') return v;
  return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf';
}
