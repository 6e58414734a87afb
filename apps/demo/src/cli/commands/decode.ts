import { runDecodeCli } from '@ctcbias/beam/node';
import { type CliEnv, resolvePath } from '../context.js';

/** Options of the beam CLI whose value is a file path. */
const PATH_OPTIONS = new Set(['--posteriors', '--vocab', '--list', '--spm']);

/**
 * `ctcbias decode …`: beam search on saved posteriors (`transcribe --save-posteriors`).
 * Delegates to @ctcbias/beam's `runDecodeCli`, so both tools take the same flags; file paths are
 * resolved against the directory `pnpm ctcbias` was run in first.
 */
export async function decodeCommand(env: CliEnv, rest: readonly string[]): Promise<number> {
  const args = rest.map((arg, i) => {
    const prev = rest[i - 1];
    if (prev !== undefined && PATH_OPTIONS.has(prev)) return resolvePath(env, arg);
    const eq = arg.indexOf('=');
    if (eq > 0 && PATH_OPTIONS.has(arg.slice(0, eq))) {
      return `${arg.slice(0, eq)}=${resolvePath(env, arg.slice(eq + 1))}`;
    }
    return arg;
  });
  return runDecodeCli(args, {
    stdout: (s) => env.stdout.write(s),
    stderr: (s) => env.stderr.write(s),
  });
}
