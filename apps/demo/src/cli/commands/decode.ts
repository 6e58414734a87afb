import { CtcBiasError } from '@ctcbias/core';
import type { CliEnv } from '../context.js';

/**
 * `ctcbias decode …`: beam search on saved posteriors. Delegates to @ctcbias/beam's own CLI
 * function (`runDecodeCli(argv, io)`), so both tools parse the same flags.
 */
export async function decodeCommand(env: CliEnv, rest: readonly string[]): Promise<number> {
  const beam = (await import('@ctcbias/beam')) as Record<string, unknown>;
  const run = beam.runDecodeCli;
  if (typeof run !== 'function') {
    throw new CtcBiasError(
      'UNSUPPORTED',
      'decode is not available yet: @ctcbias/beam does not export runDecodeCli',
    );
  }
  const code = await (run as (argv: readonly string[], io: unknown) => Promise<number> | number)(
    rest,
    { stdout: env.stdout, stderr: env.stderr, cwd: env.cwd },
  );
  return typeof code === 'number' ? code : 0;
}
