/**
 * Levenshtein distance between two phone sequences (insertions, deletions and substitutions
 * cost 1), bounded: any distance above `max` is reported as `max + 1`, which lets the search
 * stop early.
 *
 * ```ts
 * phoneEditDistance(['K', 'EY', 'T'], ['K', 'AE', 'T'], 2); // 1
 * phoneEditDistance(['K', 'EY', 'T'], ['S', 'M', 'IH', 'TH'], 2); // 3 (= max + 1)
 * ```
 */
export function phoneEditDistance(a: readonly string[], b: readonly string[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const d = Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length] as number, max + 1);
}
