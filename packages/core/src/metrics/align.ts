/** One step of a word alignment between a reference and a hypothesis. */
export type AlignmentOp =
  | { readonly op: 'correct'; readonly ref: string; readonly hyp: string }
  | { readonly op: 'sub'; readonly ref: string; readonly hyp: string }
  | { readonly op: 'del'; readonly ref: string }
  | { readonly op: 'ins'; readonly hyp: string };

/**
 * Minimum-edit-distance (Levenshtein) alignment of two word sequences, unit costs for
 * substitution, deletion and insertion, so the number of errors is minimal. Among the minimal
 * alignments it takes one with the most correct words (`the cat` → `cat`: delete `the`, not
 * substitute twice), and among those, walking back from the ends, a match/substitution first,
 * then a deletion, then an insertion — so the result is deterministic.
 *
 * ```ts
 * alignWords(['the', 'cat', 'sat'], ['the', 'hat', 'sat', 'down']);
 * // [ { op: 'correct', ref: 'the', hyp: 'the' },
 * //   { op: 'sub', ref: 'cat', hyp: 'hat' },
 * //   { op: 'correct', ref: 'sat', hyp: 'sat' },
 * //   { op: 'ins', hyp: 'down' } ]
 * ```
 */
export function alignWords(ref: readonly string[], hyp: readonly string[]): AlignmentOp[] {
  const n = ref.length;
  const m = hyp.length;
  const w = m + 1;
  // cost[i*w+j], hits[i*w+j]: errors and correct words of the best alignment of ref[:i], hyp[:j]
  const cost = new Int32Array((n + 1) * w);
  const hits = new Int32Array((n + 1) * w);
  const at = (a: Int32Array, i: number, j: number) => a[i * w + j] as number;
  // Is (c1, h1) better than (c2, h2)? Fewer errors, then more correct words.
  const better = (c1: number, h1: number, c2: number, h2: number) =>
    c1 < c2 || (c1 === c2 && h1 > h2);
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    cost[i * w] = i;
    for (let j = 1; j <= m; j++) {
      const same = ref[i - 1] === hyp[j - 1];
      let c = at(cost, i - 1, j - 1) + (same ? 0 : 1);
      let h = at(hits, i - 1, j - 1) + (same ? 1 : 0);
      if (better(at(cost, i - 1, j) + 1, at(hits, i - 1, j), c, h)) {
        c = at(cost, i - 1, j) + 1;
        h = at(hits, i - 1, j);
      }
      if (better(at(cost, i, j - 1) + 1, at(hits, i, j - 1), c, h)) {
        c = at(cost, i, j - 1) + 1;
        h = at(hits, i, j - 1);
      }
      cost[i * w + j] = c;
      hits[i * w + j] = h;
    }
  }
  const ops: AlignmentOp[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const c = at(cost, i, j);
    const h = at(hits, i, j);
    if (i > 0 && j > 0) {
      const r = ref[i - 1] as string;
      const y = hyp[j - 1] as string;
      const same = r === y;
      if (
        c === at(cost, i - 1, j - 1) + (same ? 0 : 1) &&
        h === at(hits, i - 1, j - 1) + (same ? 1 : 0)
      ) {
        ops.push(same ? { op: 'correct', ref: r, hyp: y } : { op: 'sub', ref: r, hyp: y });
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && c === at(cost, i - 1, j) + 1 && h === at(hits, i - 1, j)) {
      ops.push({ op: 'del', ref: ref[i - 1] as string });
      i--;
    } else {
      ops.push({ op: 'ins', hyp: hyp[j - 1] as string });
      j--;
    }
  }
  return ops.reverse();
}
