import { isCtcBiasError } from '@ctcbias/core';
import { parseCommandLine, UsageError, usage } from './args.js';
import { benchCommand } from './commands/bench.js';
import { decodeCommand } from './commands/decode.js';
import { evalCommand } from './commands/eval.js';
import { batchCommand, workerCommand } from './commands/queue.js';
import { stagesCommand } from './commands/stages.js';
import { transcribeCommand } from './commands/transcribe.js';
import type { CliEnv } from './context.js';

export type { CliEnv } from './context.js';

/**
 * The `ctcbias` command line. Returns the exit status: 0 success, 1 failure (a `ctcbias: …`
 * line on stderr, naming the file and line when an input is at fault), 2 usage error.
 *
 * ```ts
 * await runCli(['transcribe', 'call.wav', '--list', 'names.txt']);   // prints the transcript
 * await runCli(['eval', '--manifest', 'dev.jsonl', '--ablation']);    // prints the ablation table
 * ```
 */
export async function runCli(argv: readonly string[], env: CliEnv = processEnv()): Promise<number> {
  try {
    const cmd = parseCommandLine(argv);
    switch (cmd.command) {
      case 'help':
        env.stdout.write(`${usage(cmd.topic)}\n`);
        return 0;
      case 'decode':
        return await decodeCommand(env, cmd.rest);
      case 'transcribe':
        return await transcribeCommand(env, cmd.options, cmd.positionals);
      case 'eval':
        await evalCommand(env, cmd.options);
        return 0;
      case 'bench':
        await benchCommand(env, cmd.options);
        return 0;
      case 'stages':
        await stagesCommand(env, cmd.options);
        return 0;
      case 'batch':
        return await batchCommand(env, cmd.options, cmd.positionals);
      case 'worker':
        return await workerCommand(env, cmd.options);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      env.stderr.write(`ctcbias: ${e.message}\n\n${usage(e.command)}\n`);
      return 2;
    }
    if (isCtcBiasError(e)) {
      env.stderr.write(`ctcbias: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** The real process: stdout/stderr, and pnpm's INIT_CWD (where `pnpm ctcbias` was typed). */
export function processEnv(): CliEnv {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
}
