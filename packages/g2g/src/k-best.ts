/**
 * The `k` best combinations of one item from each list, by summed `score` (best first, ties in
 * input order). Exact: keeping the k best partial combinations after each list loses nothing.
 *
 * ```ts
 * kBestProduct([[{ score: 0 }, { score: -1 }], [{ score: -0.5 }, { score: -2 }]], 3);
 * // → [{ items: [a0, b0], score: -0.5 }, { items: [a1, b0], score: -1.5 }, { items: [a0, b1], score: -2 }]
 * ```
 */
export function kBestProduct<T extends { readonly score: number }>(
  lists: readonly (readonly T[])[],
  k: number,
): { items: T[]; score: number }[] {
  let partial: { items: T[]; score: number }[] = [{ items: [], score: 0 }];
  for (const list of lists) {
    const next: { items: T[]; score: number }[] = [];
    for (const p of partial) {
      for (const item of list)
        next.push({ items: [...p.items, item], score: p.score + item.score });
    }
    partial = next.sort((a, b) => b.score - a.score).slice(0, k);
  }
  return lists.length === 0 ? [] : partial;
}

/** ln(Σ exp(x)) without overflow; `-Infinity` for no values. */
export function logSumExp(xs: readonly number[]): number {
  const m = Math.max(...xs);
  if (m === Number.NEGATIVE_INFINITY || xs.length === 0) return Number.NEGATIVE_INFINITY;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}
