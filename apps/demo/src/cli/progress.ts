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
 * A one-line progress bar on `stream` (stderr), redrawn in place:
 * `[██████······] 12/20  60%  eta 4s  utt12`. Silent when the stream is not a TTY (pipes, CI,
 * tests) or when there is only one item.
 */
export function createProgress(
  total: number,
  stream: ProgressStream,
  now: () => number = () => performance.now(),
): Progress {
  if (!stream.isTTY || total <= 1) return SILENT;
  const start = now();
  let count = 0;
  const width = 24;
  const draw = (label: string) => {
    const frac = count / total;
    const filled = Math.round(frac * width);
    const elapsed = (now() - start) / 1000;
    const eta = count > 0 ? (elapsed / count) * (total - count) : Number.NaN;
    const etaText = Number.isFinite(eta) ? `  eta ${Math.ceil(eta)}s` : '';
    let line = `[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${count}/${total}  ${Math.round(100 * frac)}%${etaText}  ${label}`;
    const cols = stream.columns ?? 80;
    if (line.length > cols - 1) line = line.slice(0, cols - 1);
    stream.write(`\r${line}\x1b[K`);
  };
  draw('');
  return {
    tick(label = '') {
      count = Math.min(total, count + 1);
      draw(label);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
