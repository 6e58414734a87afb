import {
  CtcBiasError,
  type Hypothesis,
  type NBest,
  type Posteriors,
  type TokenScorer,
  type TokenStepContext,
  type Vocabulary,
} from '@ctcbias/core';
import { type EntityMatch, isEntityMatcher } from './entity-match.js';
import { buildHypothesis } from './hypothesis-builder.js';
import { logAddExp } from './log-math.js';
import { PrefixTrie } from './prefix-trie.js';
import { checkShapes } from './validate.js';

/** Settings of {@link beamSearch}; every field is optional. */
export interface BeamSearchOptions {
  /** Prefixes kept after each frame. Default 16. */
  readonly beamWidth?: number;
  /** Hypotheses returned (at most `beamWidth`). Default `beamWidth`. */
  readonly nBest?: number;
  /** Per frame, only the `k` most likely non-blank tokens can extend a prefix. Default `beamWidth`. */
  readonly candidatesPerFrame?: number;
  /**
   * Per frame, a non-blank token can extend a prefix only if its log-prob is at least the
   * frame's best log-prob minus this margin (nats). Default 6 (keep it ≥ the entity booster's
   * `cutoff`, or boostable candidates are pruned before they can be boosted). `Infinity`
   * disables it.
   */
  readonly candidateLogProbMargin?: number;
  /**
   * After each frame, prefixes whose rank is more than this many nats below the best prefix's
   * are dropped even when the beam has room. Default 10. `Infinity` disables it.
   */
  readonly beamLogProbMargin?: number;
  /**
   * Frames whose blank probability is at least this value are treated as pure blank: every
   * prefix just moves its mass to "ended in blank" (`pb ← total + logP(blank)`), with no
   * candidate scan and no extension. Much faster on peaky CTC output; the risk is that a token
   * emitted *only* in such frames (probability ≤ 1 − threshold each) can never be decoded, and
   * a token repeated across such a frame is split. Off by default; `0.999` is a reasonable
   * value for a well-trained model.
   */
  readonly blankSkipThreshold?: number;
  /**
   * Token scorers (entity booster, n-gram LM, your own) applied whenever a prefix appends a
   * token. Names must be unique and not `acoustic`. When every scorer is a
   * {@link BoundedTokenScorer}, steps are computed lazily (same result, fewer `step` calls).
   */
  readonly scorers?: readonly TokenScorer<unknown>[];
}

/**
 * A token scorer that promises an upper bound on every score its `step` returns (e.g. 0 for a
 * normalized LM, `weight × maxBoost` for the entity booster). When all scorers of a search are
 * bounded, the beam runs `step` only for extensions whose optimistic rank (acoustic + the
 * parent's scores + the bounds) can still make the beam — best-first, stopping at the first
 * that cannot — which gives exactly the result of scoring every extension. A bound that is
 * too low makes results wrong; `Infinity` is allowed (and disables the saving).
 *
 * ```ts
 * const lm: BoundedTokenScorer<LmState> = { name: 'lm', maxStepScore: 0, initial, step, finish };
 * ```
 */
export type BoundedTokenScorer<S> = TokenScorer<S> & { readonly maxStepScore: number };

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * CTC prefix beam search with token-scorer plugins.
 *
 * Every prefix `l` (a node of a `PrefixTrie`) carries two log-probabilities over the
 * frames seen so far: `pb`, the mass of alignments of `l` ending in blank, and `pnb`, ending in
 * `l`'s last token. For frame `t` with log-probs `y`, each prefix in the beam contributes
 * (`⊕` = log-add, `total = pb ⊕ pnb`):
 *
 * - blank:                    `pb'(l)   ⊕= total + y[blank]`
 * - its last token `c` again: `pnb'(l)  ⊕= pnb + y[c]`       (a repeat merges)
 *                             `pnb'(l+c) ⊕= pb + y[c]`       (only after a blank)
 * - another token `c`:        `pnb'(l+c) ⊕= total + y[c]`
 *
 * Candidates `c` are the frame's top `candidatesPerFrame` non-blank tokens within
 * `candidateLogProbMargin` of the frame's best. A prefix's rank is `pb ⊕ pnb` plus its scorers'
 * cumulative scores; after each frame, prefixes more than `beamLogProbMargin` below the best
 * are dropped and the best `beamWidth` of the rest survive (ties: lower trie id first, which
 * makes the search deterministic).
 *
 * **Scorers.** When prefix `l` is extended by `c` at frame `t`, each scorer's `step` is called
 * with `l`'s state and `{frame: t, tokenLogProb: y[c], topLogProb: max y, wordStart}`; the new
 * state and cumulative score are stored on node `l+c`. The same extension can happen at several
 * frames (a token is usually visible a frame or two before its peak). The node keeps the step
 * of the *emission event* with the largest mass (`mass(l) + y[c]`, the dominant alignment's
 * emission frame — on a peaky model the token's peak), so a gap-based boost sees the frame that
 * matters, not the rising edge. A node re-entering the beam after being pruned starts afresh.
 * The context object passed to `step` is reused between calls: copy what you need.
 * At the end each surviving prefix gets every scorer's `finish`, and the hypotheses are
 * ranked by `acoustic + Σ scorers`.
 *
 * **Word frame spans.** A token's first frame is the frame of its chosen emission event; its
 * last frame is the last frame (before the next token was appended) at which its prefix was
 * more likely to be still emitting it (`pnb > pb`) than after a blank. Each emission event
 * gets an immutable frame record linked to its parent's record of that moment, so the frames
 * of one hypothesis always come from one consistent alignment, in order. A word starts at the
 * first frame of its first (`▁`) token and ends one past the last frame of its last token
 * (half-open `[startFrame, endFrame)`, see `WordSpan`).
 *
 * **Score breakdown.** `scores.acoustic = pb ⊕ pnb` (log of the summed probability of all
 * alignments of the token sequence that survived pruning), plus one key per scorer name;
 * `score` is their sum. Scorers that implement `EntityMatcher` tag `WordSpan.entry`.
 *
 * ```ts
 * const booster = compileEntityBooster(list, vocab);
 * const nbest = beamSearch(posteriors, vocab, { beamWidth: 16, scorers: [booster] });
 * nbest[0].text;    // 'call kate now'
 * nbest[0].scores;  // { acoustic: -4.1, boost: 1.2 }
 * nbest[0].words[1]; // { text: 'kate', startFrame: 12, endFrame: 19, entry: 0 }
 * ```
 */
export function beamSearch(
  posteriors: Posteriors,
  vocab: Vocabulary,
  options: BeamSearchOptions = {},
): NBest {
  checkShapes(posteriors, vocab);
  const { logProbs, frames: T, vocabSize: V } = posteriors;
  const B = positiveInt(options.beamWidth ?? 16, 'beamWidth');
  const nBest = Math.min(positiveInt(options.nBest ?? B, 'nBest'), B);
  const K = Math.min(positiveInt(options.candidatesPerFrame ?? B, 'candidatesPerFrame'), V);
  const margin = options.candidateLogProbMargin ?? 6;
  if (!(margin >= 0)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'candidateLogProbMargin must be ≥ 0', {
      value: margin,
    });
  }
  const beamMargin = options.beamLogProbMargin ?? 10;
  if (!(beamMargin >= 0)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'beamLogProbMargin must be ≥ 0', {
      value: beamMargin,
    });
  }
  const skip = options.blankSkipThreshold;
  if (skip !== undefined && !(skip > 0 && skip <= 1)) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'blankSkipThreshold must be in (0, 1]', {
      value: skip,
    });
  }
  const skipLogProb = skip === undefined ? Number.POSITIVE_INFINITY : Math.log(skip);
  const scorers = options.scorers ?? [];
  checkScorerNames(scorers);
  const S = scorers.length;
  // Lazy scoring: when every scorer bounds its step score, `step` runs only for extensions
  // that can still make the beam (same result as running it for all).
  let maxGain = 0;
  let lazy = S > 0;
  for (const sc of scorers) {
    const bound = (sc as { maxStepScore?: unknown }).maxStepScore;
    if (typeof bound === 'number' && !Number.isNaN(bound)) maxGain += bound;
    else lazy = false;
  }
  const blank = vocab.blank;
  const wordStart = Uint8Array.from({ length: V }, (_, v) => (vocab.isWordStart(v) ? 1 : 0));

  const trie = takeTrie(S, Math.min(1 << 16, Math.max(1024, T * B)));
  try {
    return search(trie);
  } finally {
    trie.dropStates(); // keep the arrays for the next call, not the scorers' states
    spareTrie = trie;
  }

  function search(trie: PrefixTrie): NBest {
    const ROOT = PrefixTrie.ROOT;
    for (let s = 0; s < S; s++) (trie.scorerStates[s] as unknown[])[ROOT] = scorers[s]?.initial();

    // The beam ("cur") and the candidate set of the next frame ("next"), as parallel arrays.
    const maxNext = B * (K + 1);
    let nCur = 1;
    const curNode = new Int32Array(B);
    const curPb = new Float64Array(B);
    const curPnb = new Float64Array(B);
    // Snapshots of node data taken when the beam was formed, so that writes made to a node during
    // frame t (a better emission event for it) never leak into extensions computed in frame t.
    const curLast = new Int32Array(B);
    const curRecord = new Int32Array(B);
    const curStates: unknown[][] = Array.from({ length: S }, () => new Array<unknown>(B));
    const curTotals: Float64Array[] = Array.from({ length: S }, () => new Float64Array(B));
    const nxtNode = new Int32Array(maxNext);
    const nxtPb = new Float64Array(maxNext);
    const nxtPnb = new Float64Array(maxNext);
    const rank = new Float64Array(maxNext);
    const heap = new Int32Array(B);
    // Lazy scoring: the emission event waiting for its scorer steps, per candidate slot.
    const curScore = new Float64Array(B);
    const pendParent = new Int32Array(maxNext);
    const pendToken = new Int32Array(maxNext);
    const pendLp = new Float64Array(maxNext);
    const acoustic = new Float64Array(maxNext);
    const order = new Int32Array(maxNext);
    const dropped = new Uint8Array(maxNext);
    const topValues = new Float64Array(B);
    const cand = new Int32Array(K);
    const candLp = new Float64Array(K);
    curNode[0] = ROOT;
    curPb[0] = 0;
    curPnb[0] = NEG_INF;
    curLast[0] = -1;
    curRecord[0] = 0;
    curScore[0] = 0;
    for (let s = 0; s < S; s++) {
      (curStates[s] as unknown[])[0] = (trie.scorerStates[s] as unknown[])[ROOT];
      (curTotals[s] as Float64Array)[0] = 0;
    }
    const ctx = { frame: 0, tokenLogProb: 0, topLogProb: 0, wordStart: false };
    const stepCtx: TokenStepContext = ctx;

    for (let t = 0; t < T; t++) {
      const base = t * V;
      const lpBlank = logProbs[base + blank] as number;

      if (lpBlank >= skipLogProb) {
        blankOnly(t, lpBlank);
        continue;
      }

      // Candidate tokens: top K non-blank within `margin` of the frame's best, best first. One
      // pass: keep those within `margin` of the running maximum, then cut at the final one.
      let top = lpBlank;
      let nc = 0;
      for (let v = 0; v < V; v++) {
        const lp = logProbs[base + v] as number;
        if (lp > top) top = lp;
        if (v === blank || !(lp >= top - margin) || lp === NEG_INF) continue;
        if (nc === K) {
          if (lp <= (candLp[K - 1] as number)) continue;
          nc--;
        }
        let j = nc++;
        while (j > 0 && (candLp[j - 1] as number) < lp) {
          cand[j] = cand[j - 1] as number;
          candLp[j] = candLp[j - 1] as number;
          j--;
        }
        cand[j] = v;
        candLp[j] = lp;
      }
      const threshold = top - margin;
      while (nc > 0 && (candLp[nc - 1] as number) < threshold) nc--;

      if (nc === 0) {
        // No token can be emitted: exactly a blank-only frame (every rank moves by lpBlank,
        // so the beam keeps the same prefixes in the same order).
        blankOnly(t, lpBlank);
        continue;
      }

      trie.reserve(nCur * nc);
      const tToken = trie.token;
      const nextStamp = trie.nextStamp;
      const slotOf = trie.slot;
      const aliveStamp = trie.aliveStamp;
      const emitMass = trie.emitMass;
      const stamp = t + 1;
      const aliveBefore = t + 1; // aliveStamp value of nodes that survived frame t - 1
      let nNext = 0;
      ctx.frame = t;
      ctx.topLogProb = top;

      for (let i = 0; i < nCur; i++) {
        const node = curNode[i] as number;
        const pb = curPb[i] as number;
        const pnb = curPnb[i] as number;
        const total = logAddExp(pb, pnb);
        const last = node === ROOT ? -1 : (tToken[node] as number);

        let s = nextStamp[node] === stamp ? (slotOf[node] as number) : -1;
        if (s < 0) {
          s = nNext++;
          nextStamp[node] = stamp;
          slotOf[node] = s;
          nxtNode[s] = node;
          nxtPb[s] = NEG_INF;
          nxtPnb[s] = NEG_INF;
          pendParent[s] = -1;
        }
        nxtPb[s] = logAddExp(nxtPb[s] as number, total + lpBlank);

        for (let j = 0; j < nc; j++) {
          const c = cand[j] as number;
          const lp = candLp[j] as number;
          let mass: number;
          if (c === last) {
            nxtPnb[s] = logAddExp(nxtPnb[s] as number, pnb + lp);
            if (pb === NEG_INF) continue;
            mass = pb + lp;
          } else {
            mass = total + lp;
          }
          const child = trie.child(node, c);
          let cs: number;
          if (nextStamp[child] === stamp) {
            cs = slotOf[child] as number;
          } else {
            cs = nNext++;
            nextStamp[child] = stamp;
            slotOf[child] = cs;
            nxtNode[cs] = child;
            nxtPb[cs] = NEG_INF;
            nxtPnb[cs] = NEG_INF;
            pendParent[cs] = -1;
          }
          nxtPnb[cs] = logAddExp(nxtPnb[cs] as number, mass);
          // Choose this emission event for `child` if it is new in the beam or dominates.
          if (aliveStamp[child] !== aliveBefore || mass > (emitMass[child] as number)) {
            emitMass[child] = mass;
            trie.record[child] = trie.addRecord(t, curLast[i] as number, curRecord[i] as number);
            trie.lastFrame[child] = t;
            if (S === 0) {
              trie.scoreTotal[child] = 0;
            } else if (lazy) {
              pendParent[cs] = i;
              pendToken[cs] = c;
              pendLp[cs] = lp;
            } else {
              runSteps(i, child, c, lp);
            }
          }
        }
      }

      // Keep the best B of the candidate set.
      // Lazy ranking pays off only when some candidates will be cut by the beam width.
      const lazyNow = lazy && nNext > B;
      if (lazy && !lazyNow) {
        for (let k = 0; k < nNext; k++) {
          const parent = pendParent[k] as number;
          if (parent >= 0) {
            runSteps(parent, nxtNode[k] as number, pendToken[k] as number, pendLp[k] as number);
          }
        }
      }
      const bestRank = lazyNow ? rankLazily(nNext) : rankAll(nNext);
      // Drop candidates far below the best or never scored (lazy), compacting in place.
      let nKept = nNext;
      const floor = bestRank - beamMargin;
      if (lazyNow || (beamMargin !== Number.POSITIVE_INFINITY && bestRank !== NEG_INF)) {
        nKept = 0;
        for (let k = 0; k < nNext; k++) {
          if ((lazyNow && dropped[k] === 1) || (rank[k] as number) < floor) continue;
          rank[nKept] = rank[k] as number;
          nxtNode[nKept] = nxtNode[k] as number;
          nxtPb[nKept] = nxtPb[k] as number;
          nxtPnb[nKept] = nxtPnb[k] as number;
          nKept++;
        }
      }
      let nKeep = nKept;
      if (nKept > B) {
        selectTop(rank, nxtNode, nKept, B, heap);
        nKeep = B;
      } else {
        for (let k = 0; k < nKept; k++) heap[k] = k;
      }
      // The beam in node-id order: the order prefixes are extended in (and so the ids new nodes
      // get, which break ties) then depends only on which prefixes survived.
      sortByNode(heap, nKeep, nxtNode);
      const lastFrame = trie.lastFrame;
      for (let k = 0; k < nKeep; k++) {
        const src = heap[k] as number;
        const node = nxtNode[src] as number;
        const pb = nxtPb[src] as number;
        const pnb = nxtPnb[src] as number;
        if (pnb > pb && node !== ROOT) lastFrame[node] = t;
        aliveStamp[node] = t + 2;
        curNode[k] = node;
        curPb[k] = pb;
        curPnb[k] = pnb;
        curLast[k] = lastFrame[node] as number;
        curRecord[k] = trie.record[node] as number;
        curScore[k] = trie.scoreTotal[node] as number;
        for (let sc = 0; sc < S; sc++) {
          (curStates[sc] as unknown[])[k] = (trie.scorerStates[sc] as unknown[])[node];
          (curTotals[sc] as Float64Array)[k] = (trie.scorerTotals[sc] as Float64Array)[
            node
          ] as number;
        }
      }
      nCur = nKeep;
    }

    return finishHypotheses();

    /** Runs every scorer's step for `child` = beam entry `i` + token `c`; stores the results. */
    function runSteps(i: number, child: number, c: number, lp: number): void {
      ctx.tokenLogProb = lp;
      ctx.wordStart = wordStart[c] === 1;
      let sum = 0;
      for (let k = 0; k < S; k++) {
        const r = (scorers[k] as TokenScorer<unknown>).step(
          (curStates[k] as unknown[])[i],
          c,
          stepCtx,
        );
        const tot = ((curTotals[k] as Float64Array)[i] as number) + r.score;
        (trie.scorerStates[k] as unknown[])[child] = r.state;
        (trie.scorerTotals[k] as Float64Array)[child] = tot;
        sum += tot;
      }
      trie.scoreTotal[child] = sum;
    }

    /** Ranks every candidate (scores already known); returns the best rank. */
    function rankAll(n: number): number {
      const scoreTotal = trie.scoreTotal;
      let best = NEG_INF;
      for (let k = 0; k < n; k++) {
        const r =
          logAddExp(nxtPb[k] as number, nxtPnb[k] as number) +
          (scoreTotal[nxtNode[k] as number] as number);
        rank[k] = r;
        if (r > best) best = r;
      }
      return best;
    }

    /**
     * Ranks the candidates, running pending scorer steps best-bound first and stopping once no
     * pending candidate's optimistic rank (`acoustic + parent's scores + maxGain`) can reach the
     * beam: below the B-th best known rank, or more than `beamMargin` below the best. The ones
     * left unscored are marked `dropped` (they would have been pruned anyway).
     */
    function rankLazily(n: number): number {
      const scoreTotal = trie.scoreTotal;
      let best = NEG_INF;
      let nTop = 0; // min-heap of the best B known ranks (values)
      let np = 0; // max-heap of pending slots by optimistic rank (`rank` holds the bound)
      for (let k = 0; k < n; k++) {
        const a = logAddExp(nxtPb[k] as number, nxtPnb[k] as number);
        dropped[k] = 0;
        const parent = pendParent[k] as number;
        if (parent < 0) {
          const r = a + (scoreTotal[nxtNode[k] as number] as number);
          rank[k] = r;
          if (r > best) best = r;
          nTop = pushValue(topValues, nTop, B, r);
        } else {
          acoustic[k] = a;
          rank[k] = a + (curScore[parent] as number) + maxGain;
          let i = np++;
          while (i > 0) {
            const up = (i - 1) >> 1;
            if ((rank[order[up] as number] as number) >= (rank[k] as number)) break;
            order[i] = order[up] as number;
            i = up;
          }
          order[i] = k;
        }
      }
      while (np > 0) {
        const k = order[0] as number;
        const bound = Math.max(best - beamMargin, nTop === B ? (topValues[0] as number) : NEG_INF);
        if ((rank[k] as number) < bound) break;
        // Pop k from the pending heap.
        np--;
        const lastSlot = order[np] as number;
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= np) break;
          if (
            c + 1 < np &&
            (rank[order[c + 1] as number] as number) > (rank[order[c] as number] as number)
          )
            c++;
          if ((rank[order[c] as number] as number) <= (rank[lastSlot] as number)) break;
          order[i] = order[c] as number;
          i = c;
        }
        order[i] = lastSlot;
        const node = nxtNode[k] as number;
        runSteps(pendParent[k] as number, node, pendToken[k] as number, pendLp[k] as number);
        const r = (acoustic[k] as number) + (scoreTotal[node] as number);
        rank[k] = r;
        if (r > best) best = r;
        nTop = pushValue(topValues, nTop, B, r);
      }
      for (let q = 0; q < np; q++) dropped[order[q] as number] = 1;
      return best;
    }

    /** Every prefix's mass moves to "ended in blank": `pb ← (pb ⊕ pnb) + lpBlank`. */
    function blankOnly(t: number, lpBlank: number): void {
      const aliveStamp = trie.aliveStamp;
      for (let i = 0; i < nCur; i++) {
        curPb[i] = logAddExp(curPb[i] as number, curPnb[i] as number) + lpBlank;
        curPnb[i] = NEG_INF;
        aliveStamp[curNode[i] as number] = t + 2;
      }
    }

    function finishHypotheses(): NBest {
      interface Final {
        node: number;
        score: number;
        scores: Record<string, number>;
      }
      const finals: Final[] = [];
      for (let i = 0; i < nCur; i++) {
        const node = curNode[i] as number;
        const acoustic = logAddExp(curPb[i] as number, curPnb[i] as number);
        const scores: Record<string, number> = { acoustic };
        let score = acoustic;
        for (let s = 0; s < S; s++) {
          const scorer = scorers[s] as TokenScorer<unknown>;
          const v =
            ((curTotals[s] as Float64Array)[i] as number) +
            scorer.finish((curStates[s] as unknown[])[i]);
          scores[scorer.name] = v;
          score += v;
        }
        finals.push({ node, score, scores });
      }
      finals.sort((a, b) => b.score - a.score || a.node - b.node);
      const matcher = scorers.find(isEntityMatcher);
      return finals.slice(0, nBest).map((f): Hypothesis => {
        const tokens = trie.tokens(f.node);
        const n = tokens.length;
        const firstFrames = new Int32Array(n);
        const lastFrames = new Int32Array(n);
        let rec = trie.record[f.node] as number;
        let lastOfNext = trie.lastFrame[f.node] as number;
        for (let i = n - 1; i >= 0; i--) {
          firstFrames[i] = trie.recordFirst[rec] as number;
          lastFrames[i] = lastOfNext;
          lastOfNext = trie.recordPrevLast[rec] as number;
          rec = trie.recordParent[rec] as number;
        }
        const matches: readonly EntityMatch[] = matcher ? matcher.matchEntities(tokens) : [];
        return buildHypothesis(vocab, {
          tokens,
          firstFrames,
          lastFrames,
          score: f.score,
          scores: f.scores,
          matches,
        });
      });
    }
  }
}

/**
 * One trie kept between calls and reused (reset, capacity kept), so that a decode does not
 * allocate and zero its node arrays each time; a nested call (a scorer decoding) gets a new one.
 * It holds typed arrays sized for the largest search so far (about 70 bytes per node).
 */
let spareTrie: PrefixTrie | undefined;

function takeTrie(numScorers: number, capacity: number): PrefixTrie {
  const trie = spareTrie;
  spareTrie = undefined;
  if (trie === undefined) return new PrefixTrie(numScorers, capacity);
  trie.reset(numScorers);
  return trie;
}

/**
 * Puts the indices of the `b` best of `m` candidates into `heap`, a binary min-heap whose root
 * is the worst kept one ("worse" = lower rank, or equal rank and higher node id).
 */
function selectTop(
  rank: Float64Array,
  node: Int32Array,
  m: number,
  b: number,
  heap: Int32Array,
): void {
  for (let k = 0; k < b; k++) heap[k] = k;
  for (let k = (b >> 1) - 1; k >= 0; k--) siftDown(rank, node, heap, b, k);
  for (let k = b; k < m; k++) {
    const root = heap[0] as number;
    const rk = rank[k] as number;
    const rr = rank[root] as number;
    if (rr < rk || (rr === rk && (node[root] as number) > (node[k] as number))) {
      heap[0] = k;
      siftDown(rank, node, heap, b, 0);
    }
  }
}

function siftDown(
  rank: Float64Array,
  node: Int32Array,
  heap: Int32Array,
  b: number,
  start: number,
): void {
  let i = start;
  const x = heap[i] as number;
  const rx = rank[x] as number;
  const nx = node[x] as number;
  for (;;) {
    let w = 2 * i + 1;
    if (w >= b) break;
    let hw = heap[w] as number;
    let rw = rank[hw] as number;
    const r = w + 1;
    if (r < b) {
      const hr = heap[r] as number;
      const rr = rank[hr] as number;
      if (rr < rw || (rr === rw && (node[hr] as number) > (node[hw] as number))) {
        w = r;
        hw = hr;
        rw = rr;
      }
    }
    // Stop when x is at least as bad as the worse child.
    if (!(rw < rx || (rw === rx && (node[hw] as number) > nx))) break;
    heap[i] = hw;
    i = w;
  }
  heap[i] = x;
}

/** Sorts the first `n` slot indices in `idx` by their node id (insertion sort; `n` ≤ beam). */
function sortByNode(idx: Int32Array, n: number, node: Int32Array): void {
  for (let i = 1; i < n; i++) {
    const x = idx[i] as number;
    const key = node[x] as number;
    let j = i;
    while (j > 0 && (node[idx[j - 1] as number] as number) > key) {
      idx[j] = idx[j - 1] as number;
      j--;
    }
    idx[j] = x;
  }
}

/**
 * Adds `v` to a min-heap of at most `b` values holding the best ones (when full, `v` replaces
 * the smallest if larger). Returns the new size.
 */
function pushValue(heap: Float64Array, size: number, b: number, v: number): number {
  if (size < b) {
    let i = size;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if ((heap[up] as number) <= v) break;
      heap[i] = heap[up] as number;
      i = up;
    }
    heap[i] = v;
    return size + 1;
  }
  if (v > (heap[0] as number)) siftDownValue(heap, b, v);
  return size;
}

/** Replaces the root of a full min-heap of values with `v` and restores the heap. */
function siftDownValue(heap: Float64Array, n: number, v: number): void {
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && (heap[c + 1] as number) < (heap[c] as number)) c++;
    if ((heap[c] as number) >= v) break;
    heap[i] = heap[c] as number;
    i = c;
  }
  heap[i] = v;
}

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new CtcBiasError('INVALID_ARGUMENT', `${what} must be a positive integer`, { value: v });
  }
  return v;
}

function checkScorerNames(scorers: readonly TokenScorer<unknown>[]): void {
  const seen = new Set<string>(['acoustic']);
  for (const s of scorers) {
    if (seen.has(s.name)) {
      throw new CtcBiasError('INVALID_ARGUMENT', 'scorer names must be unique and not "acoustic"', {
        value: s.name,
      });
    }
    seen.add(s.name);
  }
}
