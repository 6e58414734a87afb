import { CtcBiasError } from '@ctcbias/core';

/** Label of a filler state: emits whatever the frame's best symbol is (see {@link CtcGraph}). */
export const FILLER = -1;

/**
 * The CTC topology of a word sequence with alternative pronunciations, as a left-to-right state
 * graph over posterior columns (0 = blank). Each alternative `l1 … ln` of a word becomes the
 * states `l1 b l2 b … ln b` — a label followed by an optional blank, the last blank being the
 * optional gap before the next word — and one shared blank (state 0) opens the utterance.
 *
 * Transitions, besides every state's self-loop: `b → next label`, `label → its blank`, and
 * `label → next label` when the two labels differ (the CTC repeated-label rule: `K K` needs a blank
 * between the two `K`s). The first label of every alternative of word w is entered from the last
 * label or the last blank of every alternative of word w-1 (same rule), or from state 0 when w = 0.
 *
 * A word with no alternative becomes a single FILLER state (then its gap blank) that emits the
 * frame's best log-prob, whatever the symbol — a free span for a word nobody can pronounce.
 *
 * ```ts
 * // words [[K AE T] | [K AH T]], [[S]]   (columns: K=3 AE=2 AH=4 T=5 S=6)
 * compileCtcGraph([[Int32Array.of(3, 2, 5), Int32Array.of(3, 4, 5)], [Int32Array.of(6)]]);
 * // states: 0:_  1:K 2:_ 3:AE 4:_ 5:T 6:_   7:K 8:_ 9:AH 10:_ 11:T 12:_   13:S 14:_
 * // starts {0, 1, 7}; finals {13, 14}; preds of 13 (S): 5, 6, 11, 12
 * ```
 */
export interface CtcGraph {
  readonly numStates: number;
  /** Posterior column emitted by each state; 0 = blank, {@link FILLER} = any symbol. */
  readonly label: Int32Array;
  /** Predecessors of state s (self-loop not listed): `preds[predStart[s] .. predStart[s+1])`. */
  readonly predStart: Int32Array;
  readonly preds: Int32Array;
  /** 1 where a path may begin (frame 0) / end (last frame). */
  readonly isStart: Uint8Array;
  readonly isFinal: Uint8Array;
  /**
   * Fewest frames a path needs to reach state s (counting s's frame), and to finish from s
   * (counting s's frame). At frame t of T, only states with `minFrom ≤ t + 1` and
   * `minTo ≤ T - t` can lie on a complete path; searches skip the others.
   */
  readonly minFrom: Int32Array;
  readonly minTo: Int32Array;
  /** Word index of each state (-1 for the opening blank), its alternative, and phone position. */
  readonly word: Int32Array;
  readonly alternative: Int32Array;
  readonly position: Int32Array;
}

/** Builds the {@link CtcGraph} of `words[w][a]` = alternative a of word w (posterior columns). */
export function compileCtcGraph(words: readonly (readonly Int32Array[])[]): CtcGraph {
  const label: number[] = [0];
  const word: number[] = [-1];
  const alternative: number[] = [-1];
  const position: number[] = [-1];
  const predLists: number[][] = [[]];
  const starts: number[] = [0];
  // Exits of the previous word: [last label state, its label, last blank state] per alternative.
  let exits: [number, number, number][] = [];

  const add = (lab: number, w: number, a: number, j: number, preds: number[]): number => {
    label.push(lab);
    word.push(w);
    alternative.push(a);
    position.push(j);
    predLists.push(preds);
    return label.length - 1;
  };

  words.forEach((alts, w) => {
    const options = alts.length === 0 ? [Int32Array.of(FILLER)] : alts;
    const next: [number, number, number][] = [];
    options.forEach((phones, a) => {
      if (phones.length === 0) {
        throw new CtcBiasError('INVALID_ARGUMENT', `empty pronunciation for word ${w}`);
      }
      let prevLabel = -1;
      let prevBlank = -1;
      phones.forEach((lab, j) => {
        let preds: number[];
        if (j > 0) {
          preds = [prevBlank];
          if (lab !== label[prevLabel] || lab === FILLER) preds.push(prevLabel);
        } else if (w === 0) {
          preds = [0];
        } else {
          preds = [];
          for (const [exitLabel, exitLab, exitBlank] of exits) {
            preds.push(exitBlank);
            if (lab !== exitLab || lab === FILLER) preds.push(exitLabel);
          }
        }
        prevLabel = add(lab, w, alts.length === 0 ? -1 : a, j, preds);
        if (j === 0 && w === 0) starts.push(prevLabel);
        prevBlank = add(0, w, alts.length === 0 ? -1 : a, j, [prevLabel]);
      });
      next.push([prevLabel, phones[phones.length - 1] ?? 0, prevBlank]);
    });
    exits = next;
  });

  const numStates = label.length;
  const predStart = new Int32Array(numStates + 1);
  predLists.forEach((p, s) => {
    predStart[s + 1] = (predStart[s] ?? 0) + p.length;
  });
  const isStart = new Uint8Array(numStates);
  for (const s of starts) isStart[s] = 1;
  const isFinal = new Uint8Array(numStates);
  if (words.length === 0) isFinal[0] = 1;
  for (const [exitLabel, , exitBlank] of exits) {
    isFinal[exitLabel] = 1;
    isFinal[exitBlank] = 1;
  }
  const big = 0x3fffffff;
  const minFrom = new Int32Array(numStates).fill(big);
  const minTo = new Int32Array(numStates).fill(big);
  for (let s = 0; s < numStates; s++) {
    let m = isStart[s] === 1 ? 1 : big;
    for (const q of predLists[s] as number[]) m = Math.min(m, (minFrom[q] as number) + 1);
    minFrom[s] = m;
  }
  for (let s = numStates - 1; s >= 0; s--) {
    if (isFinal[s] === 1) minTo[s] = 1;
    for (const q of predLists[s] as number[]) {
      minTo[q] = Math.min(minTo[q] as number, (minTo[s] as number) + 1);
    }
  }
  return {
    numStates,
    minFrom,
    minTo,
    label: Int32Array.from(label),
    predStart,
    preds: Int32Array.from(predLists.flat()),
    isStart,
    isFinal,
    word: Int32Array.from(word),
    alternative: Int32Array.from(alternative),
    position: Int32Array.from(position),
  };
}
