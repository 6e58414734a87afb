import cliProgress from 'cli-progress';

/** Where the progress bar is drawn: a stream that says whether it is a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): unknown;
}

/** A progress bar: `tick()` after each item, `done()` at the end. */
export interface Progress {
  tick(label?: string): void;
  done(): void;
}

const SILENT: Progress = { tick() {}, done() {} };

/**
 * A one-line progress bar on `stream` (stderr), drawn by `cli-progress` and redrawn in place:
 * `[██████······] 12/20  60%  eta 4s  utt12`. Silent when the stream is not a TTY (pipes, CI,
 * tests) or when there is only one item; cleared when done.
 */
export function createProgress(total: number, stream: ProgressStream): Progress {
  if (!stream.isTTY || total <= 1) return SILENT;
  const bar = new cliProgress.SingleBar({
    stream: stream as unknown as NodeJS.WritableStream,
    format: '[{bar}] {value}/{total}  {percentage}%  eta {eta}s  {label}',
    barCompleteChar: '█',
    barIncompleteChar: '·',
    barsize: 24,
    hideCursor: false,
    clearOnComplete: true,
    linewrap: false,
    fps: 10,
  });
  bar.start(total, 0, { label: '' });
  return {
    tick(label = '') {
      bar.increment(1, { label });
    },
    done() {
      bar.stop();
    },
  };
}
