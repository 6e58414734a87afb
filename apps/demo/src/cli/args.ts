import { parseArgs } from 'node:util';
import { CtcBiasError } from '@ctcbias/core';

/** The commands of the `ctcbias` CLI. */
export const COMMANDS = [
  'transcribe',
  'eval',
  'decode',
  'bench',
  'stages',
  'batch',
  'worker',
  'help',
] as const;
export type Command = (typeof COMMANDS)[number];

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const COMMON: Record<string, OptionSpec> = {
  model: { type: 'string' },
  adapter: { type: 'string' },
  lm: { type: 'string' },
  list: { type: 'string', multiple: true },
  stages: { type: 'string' },
  set: { type: 'string', multiple: true },
  'bias-threshold': { type: 'string' },
  'bias-margin': { type: 'string' },
  plugin: { type: 'string', multiple: true },
  file: { type: 'string', multiple: true },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const OPTIONS: Record<Exclude<Command, 'decode' | 'help'>, Record<string, OptionSpec>> = {
  transcribe: {
    ...COMMON,
    heatmap: { type: 'string' },
    'save-posteriors': { type: 'string' },
    force: { type: 'boolean' },
    'fail-fast': { type: 'boolean' },
    explain: { type: 'boolean' },
  },
  eval: {
    ...COMMON,
    manifest: { type: 'string' },
    ablation: { type: 'boolean' },
    sweep: { type: 'string' },
  },
  bench: { ...COMMON, manifest: { type: 'string' }, runs: { type: 'string' } },
  stages: {
    plugin: COMMON.plugin as OptionSpec,
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  batch: {
    ...COMMON,
    redis: { type: 'string' },
    queue: { type: 'string' },
    batch: { type: 'string' },
    attempts: { type: 'string' },
    wait: { type: 'boolean' },
  },
  worker: {
    redis: { type: 'string' },
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    drain: { type: 'boolean' },
    plugin: COMMON.plugin as OptionSpec,
    help: { type: 'boolean', short: 'h' },
  },
};

/** Parsed options of a command (string or boolean values; `set` is a list). */
export interface ParsedOptions {
  readonly model?: string;
  readonly adapter?: string;
  readonly lm?: string;
  /** The biasing list file (the only one: only `eval` takes several, see `lists`). */
  readonly list?: string;
  /** `eval`: every `--list` given, in order (their results are pooled). */
  readonly lists?: readonly string[];
  readonly stages?: string;
  readonly set?: readonly string[];
  readonly 'bias-threshold'?: string;
  readonly 'bias-margin'?: string;
  /** `--plugin` modules (paths or package names), in order. */
  readonly plugin?: readonly string[];
  /** `--file STAGE=PATH`: a stage's file or directory (`files[STAGE]`), repeatable. */
  readonly file?: readonly string[];
  readonly workers?: string;
  readonly json?: boolean;
  readonly help?: boolean;
  readonly heatmap?: string;
  readonly 'save-posteriors'?: string;
  readonly force?: boolean;
  readonly 'fail-fast'?: boolean;
  readonly explain?: boolean;
  readonly redis?: string;
  readonly queue?: string;
  readonly batch?: string;
  readonly attempts?: string;
  readonly wait?: boolean;
  readonly concurrency?: string;
  readonly drain?: boolean;
  readonly manifest?: string;
  readonly ablation?: boolean;
  readonly sweep?: string;
  readonly runs?: string;
}

/** A parsed command line. `decode` keeps its raw arguments (the beam package parses them). */
export type ParsedCommandLine =
  | { readonly command: 'help'; readonly topic?: Command }
  | { readonly command: 'decode'; readonly rest: readonly string[] }
  | {
      readonly command: Exclude<Command, 'decode' | 'help'>;
      readonly options: ParsedOptions;
      readonly positionals: readonly string[];
    };

/** A usage error: the message and the command whose usage to show. */
export class UsageError extends CtcBiasError {
  readonly command: Command | undefined;
  constructor(message: string, command?: Command) {
    super('INVALID_ARGUMENT', message);
    this.command = command;
  }
}

/**
 * Parses `ctcbias <command> …` arguments. Throws {@link UsageError} for an unknown command or
 * option, a missing option value, missing WAV files for `transcribe`, or a missing
 * `--manifest` for `eval`.
 *
 * ```ts
 * parseCommandLine(['transcribe', 'a.wav', '--stages', 'boost,lm', '--json']);
 * // { command: 'transcribe', positionals: ['a.wav'], options: { stages: 'boost,lm', json: true } }
 * parseCommandLine(['eval']); // throws UsageError: eval needs --manifest FILE.jsonl
 * ```
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const topic = rest[0];
    return topic !== undefined && isCommand(topic)
      ? { command: 'help', topic }
      : { command: 'help' };
  }
  if (!isCommand(first)) {
    throw new UsageError(`unknown command "${first}" (commands: ${COMMANDS.join(', ')})`);
  }
  if (first === 'decode') return { command: 'decode', rest };
  if (first === 'help') return { command: 'help' };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...rest],
      options: OPTIONS[first],
      allowPositionals: true,
      strict: true,
    }) as { values: Record<string, unknown>; positionals: string[] };
  } catch (e) {
    throw new UsageError(`${first}: ${cleanParseArgsMessage((e as Error).message)}`, first);
  }
  const { list: lists, ...values } = parsed.values as { list?: string[] };
  if (lists !== undefined && lists.length > 1 && first !== 'eval') {
    throw new UsageError(`${first}: --list given ${lists.length} times (one list file)`, first);
  }
  const options: ParsedOptions =
    lists === undefined ? values : { ...values, list: lists[0], lists };
  if (options.help) return { command: 'help', topic: first };
  if (first === 'transcribe' && parsed.positionals.length === 0) {
    throw new UsageError('transcribe needs at least one WAV file', first);
  }
  if (first === 'eval' && options.manifest === undefined) {
    throw new UsageError('eval needs --manifest FILE.jsonl', first);
  }
  if ((first === 'batch' || first === 'worker') && options.redis === undefined) {
    throw new UsageError(`${first} needs --redis redis://HOST:PORT`, first);
  }
  if (first === 'batch') {
    const [sub, arg, extra] = parsed.positionals;
    if ((sub !== 'submit' && sub !== 'collect') || arg === undefined) {
      throw new UsageError('batch submit MANIFEST.jsonl | batch collect BATCH', first);
    }
    if (extra !== undefined) throw new UsageError(`batch: unexpected argument "${extra}"`, first);
    return { command: first, options, positionals: parsed.positionals };
  }
  if (first !== 'transcribe' && parsed.positionals.length > 0) {
    throw new UsageError(`${first}: unexpected argument "${parsed.positionals[0]}"`, first);
  }
  return { command: first, options, positionals: parsed.positionals };
}

/** Parses a positive integer option (`--workers`, `--runs`). */
export function positiveIntOption(
  name: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  }
  return n;
}

function isCommand(s: string): s is Command {
  return (COMMANDS as readonly string[]).includes(s);
}

function cleanParseArgsMessage(message: string): string {
  // node's messages end with a hint about '--' that does not apply here.
  return message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
}

/** Usage text of the CLI or of one command. */
export function usage(topic?: Command): string {
  const common = [
    '  --list FILE          biasing list (one entry per line; "phrase :weight"; [category] sections)',
    '  --stages SPEC        all | none | comma-separated: g2g,adapter,boost,lm,phonetic,lexicon and any',
    '                       plugin stage (default all; `ctcbias stages` lists them)',
    '  --plugin MODULE      import a stage plugin (a path or a package name; repeatable): its stages',
    '                       join --stages, --set NAME.KNOB=V, the ablation and --explain',
    '  --model DIR          CTC model directory with model.json (default: the embedded model)',
    '  --adapter DIR        contextual adapter directory (default: the embedded adapter)',
    '  --lm FILE            n-gram LM: .arpa, .arpa.gz or binary (default: the embedded LM)',
    "  --file STAGE=PATH    a stage's file or directory, e.g. a plugin's (--lm F is --file lm=F;",
    '                       repeatable)',
    '  --set GROUP.KEY=V    override a pipeline parameter, e.g. --set lm.alpha=0.3 (repeatable)',
    '  --bias-threshold T   acceptance: drop a list entry whose phone evidence loses more than T',
    '                       nats per phone to the free phone path (lower = fewer false entries; inf = keep all)',
    '  --bias-margin M      acceptance: drop a list entry whose path gains less than M nats over the',
    '                       words plain decoding heard there (higher = fewer false entries;',
    '                       --bias-margin=-inf turns it off; a negative value needs the = form)',
    '  --workers N          worker threads for several files (default: min(files, cores))',
    '  --json               machine-readable output on stdout',
  ];
  const texts: Record<Command, string[]> = {
    transcribe: [
      'ctcbias transcribe <wav...> [options]',
      '  Prints "<id>\\t<transcript>" per file. A file that cannot be read is reported on stderr and',
      '  skipped; the others are printed and the exit status is 1.',
      ...common,
      '  --heatmap DIR        write the adapter attention of each file as DIR/<id>.heatmap.svg',
      '  --save-posteriors DIR  write DIR/<id>.f32 (frames × vocab float32 natural-log posteriors of',
      '                       the final subword head, after any adapter) and DIR/vocab.json',
      '                       (output directories are checked before decoding; existing files are',
      '                       never overwritten without --force)',
      '  --force              overwrite existing output files',
      '  --fail-fast          stop at the first file that fails (exit 1, nothing printed)',
      '  --explain            after each transcript: every step with its time and transcript, and every',
      '                       list entry a stage proposed, kept or dropped by the acceptance rule, and why',
    ],
    eval: [
      'ctcbias eval --manifest FILE.jsonl [options]',
      '  Manifest lines: {"id","audio","text","entities"?}, audio relative to the manifest.',
      '  Without --list, the list is the union of the manifest\'s "entities".',
      '  Prints WER, U-WER, B-WER and entity precision / recall / F1, and P/R/F1 per list',
      '  category when the list has [category] sections.',
      '  --list may be repeated (e.g. K disjoint 100-entry lists): the set is decoded with each',
      '  list and the counts are pooled into one table.',
      ...common,
      '  --ablation           none, each stage alone, cumulative, all and all-<stage> (leave one out)',
      '  --sweep FILE.svg     precision / recall over --bias-threshold × --bias-margin: prints the table,',
      '                       writes the curve to FILE.svg and the numbers to FILE.json (never overwrites)',
    ],
    decode: [
      'ctcbias decode --posteriors FILE.f32 --vocab vocab.json [--list FILE] [--beam N] [--json]',
      "  Beam search on saved posteriors (see transcribe --save-posteriors); @ctcbias/beam's CLI.",
    ],
    bench: [
      'ctcbias bench [--manifest FILE.jsonl] [--runs N] [options]',
      '  End-to-end real-time factor and peak memory on the shipped samples (or a manifest).',
      ...common,
      '  --runs N             passes over the files (default 3; the first is reported as warm-up)',
    ],
    stages: [
      'ctcbias stages [--plugin MODULE...] [--json]',
      '  Lists the stages (built-in and from --plugin) in pipeline order: position, description, and',
      "  every option with its default (set with --set NAME.KNOB=V), and the pipeline's own groups.",
    ],
    batch: [
      'ctcbias batch submit MANIFEST.jsonl --redis URL [--batch ID] [--attempts N] [options]',
      'ctcbias batch collect BATCH --redis URL [--wait] [--json]',
      '  Batch jobs on BullMQ (Redis): submit enqueues one job per manifest file (audio paths must be',
      '  readable by the workers) and prints the batch id; collect prints "<id>\t<transcript>" per file',
      '  in manifest order (--json: one `transcribe --json` object per line), failed files on stderr',
      '  (exit 1). Submitting a batch id again adds no job twice.',
      '  --redis URL          redis://HOST:PORT[/DB]',
      '  --queue NAME         BullMQ queue (default ctcbias)',
      '  --batch ID           batch id (default: generated)',
      '  --attempts N         tries per file, with exponential backoff (default 3)',
      '  --wait               collect: wait until every job has finished (progress on stderr)',
      ...common,
    ],
    worker: [
      'ctcbias worker --redis URL [--queue NAME] [--concurrency N] [--drain] [--plugin MODULE...]',
      '  Processes batch jobs (see `ctcbias batch`) until stopped (Ctrl-C finishes the jobs in hand);',
      '  run one per machine or core. A job whose worker dies is retried by another.',
      '  --concurrency N      jobs at once in this process (default 1)',
      '  --drain              exit once nothing is waiting',
    ],
    help: ['ctcbias help [command]'],
  };
  if (topic !== undefined) return texts[topic].join('\n');
  return [
    'ctcbias — teach a CTC speech recognizer new words from a list, at inference time.',
    '',
    'Usage: pnpm ctcbias <command> [options]     (pnpm ctcbias help <command> for details)',
    '',
    ...(['transcribe', 'eval', 'decode', 'bench', 'stages', 'batch', 'worker'] as const).map(
      (c) => `  ${texts[c][0]}`,
    ),
  ].join('\n');
}
