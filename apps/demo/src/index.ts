/**
 * `@ctcbias/demo` — the `ctcbias` CLI over `@ctcbias/pipeline` (argument parsing, batches on
 * worker threads, progress, printing), the evaluation tables, and the demo. The joint model
 * itself — stages, registry, composition, acceptance — is `@ctcbias/pipeline`.
 *
 * ```ts
 * import { processEnv, runCli } from '@ctcbias/demo';
 * process.exitCode = await runCli(['transcribe', 'call.wav', '--list', 'names.txt'], processEnv());
 * ```
 */
export type { Command, ParsedCommandLine, ParsedOptions } from './cli/args.js';
export { parseCommandLine, UsageError, usage } from './cli/args.js';
export type { CliEnv } from './cli/context.js';
export { processEnv, runCli } from './cli/main.js';
export type { AblationRow } from './eval/ablation-table.js';
export { formatAblationTable, formatCategoryTable, formatTable } from './eval/ablation-table.js';
export type { ManifestItem } from './eval/manifest.js';
export { parseManifest, readManifest } from './eval/manifest.js';
export type { EvalMetrics } from './eval/metrics.js';
export { computeMetrics } from './eval/metrics.js';
export { SAMPLES_DIR, SAMPLES_LIST, SAMPLES_MANIFEST } from './samples.js';
