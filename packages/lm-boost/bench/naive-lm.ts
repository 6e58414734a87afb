/**
 * The baseline the benchmark compares against: the obvious JS backoff LM, one `Map` entry (an
 * object) per n-gram keyed by its words joined with spaces. Same probabilities as `NgramLm`.
 */
export class NaiveLm {
  private readonly entries = new Map<string, { p: number; bo: number }>();
  private readonly order: number;

  constructor(arpa: string) {
    let n = 0;
    let order = 0;
    for (const raw of arpa.split('\n')) {
      const line = raw.trim();
      const section = /^\\(\d+)-grams:$/.exec(line);
      if (section !== null) {
        n = Number(section[1]);
        order = Math.max(order, n);
        continue;
      }
      if (n === 0 || line === '' || line.startsWith('\\')) continue;
      const f = line.split(/\s+/);
      const p = Number(f[0]) * Math.LN10;
      const bo = f.length === n + 2 ? Number(f[n + 1]) * Math.LN10 : 0;
      this.entries.set(f.slice(1, n + 1).join(' '), { p, bo });
    }
    this.order = order;
  }

  /** ln P(word | history), history oldest first. */
  logProb(history: readonly string[], word: string): number {
    const w = this.entries.has(word) ? word : '<unk>';
    const h = history.slice(Math.max(0, history.length - (this.order - 1)));
    let acc = 0;
    for (let k = h.length; k >= 0; k--) {
      const ctx = h.slice(h.length - k);
      const e = this.entries.get([...ctx, w].join(' '));
      if (e !== undefined) return acc + e.p;
      acc += this.entries.get(ctx.join(' '))?.bo ?? 0;
    }
    return acc;
  }
}
