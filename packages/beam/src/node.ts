/**
 * Node.js entry of `@ctcbias/beam` (file system): the raw-matrix `decode` command. The main
 * entry stays browser-safe. Import from `@ctcbias/beam/node`.
 *
 * ```ts
 * import { runDecodeCli } from '@ctcbias/beam/node';
 * process.exitCode = await runDecodeCli(['decode', '--posteriors', 'a.f32', '--vocab', 'v.json']);
 * ```
 */
export type { CliIo } from './cli.js';
export { DECODE_USAGE, runDecodeCli } from './cli.js';
