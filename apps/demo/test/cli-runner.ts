import { join } from 'node:path';
import { JointPipeline, parseStages, resolveParams, type StageProviders } from '@ctcbias/pipeline';
import type { CreatePipelineOptions } from '@ctcbias/pipeline/node';
import { components, fullStages } from '../../../packages/pipeline/test/fakes.js';
import type { CliEnv } from '../src/cli/context.js';
import { runCli } from '../src/cli/main.js';

export const FIX = join(import.meta.dirname, 'fixtures');
// a.wav sounds like "call cate now"; b.wav like "call gorovitz".
export const SCRIPT = { [join(FIX, 'a.wav')]: [2, 4, 5], [join(FIX, 'b.wav')]: [2, 6, 7, 8] };

/** A pipeline of the fake components (pipeline/test/fakes.ts) with these stage providers. */
export function fakePipeline(
  o: CreatePipelineOptions,
  providers: StageProviders = fullStages([]),
): JointPipeline {
  return new JointPipeline(components(SCRIPT, providers), {
    stages: typeof o.stages === 'string' ? parseStages(o.stages) : o.stages,
    params: resolveParams(o.params),
  });
}

/** Runs the CLI in the fixtures folder with `loadPipeline`, collecting stdout and stderr. */
export async function runWith(
  loadPipeline: (o: CreatePipelineOptions) => Promise<JointPipeline>,
  argv: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env: CliEnv = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { isTTY: false, write: (s: string) => (err += s) },
    cwd: FIX,
    loadPipeline,
  };
  const code = await runCli([...argv], env);
  return { code, out, err };
}
