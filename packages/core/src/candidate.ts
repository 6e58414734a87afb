/**
 * A list entry that some stage put into the transcript, and the acceptance decision on it.
 *
 * Every stage that can make an entry appear (beam boost, LM class boost, adapter, phonetic
 * rescoring, lexicon replacement) only *proposes*; one acceptance rule decides from acoustic
 * evidence whether the entry stays. A rejected candidate's words are replaced by what the
 * unbiased decoder heard over the same frames.
 *
 * ```ts
 * // "call doctor gorovitz", list ['gorovitz', 'horowitz'], phone posteriors that fit gorovitz
 * const c: Candidate = {
 *   entry: 0, text: 'gorovitz', startWord: 2, endWord: 3, startFrame: 31, endFrame: 45,
 *   stage: 'lexicon',                     // the first step whose transcript held it
 *   evidence: { phones: 8, llr: -3.1, perPhone: -0.39, vsHeard: 6.2 }, heard: 'gore of its',
 *   accepted: true, reason: 'evidence',   // perPhone ≥ −threshold, vsHeard ≥ margin
 * };
 * ```
 */
export interface Candidate {
  /** Index into `BiasingList.entries`. */
  readonly entry: number;
  /** The entry's canonical text. */
  readonly text: string;
  /** Words `[startWord, endWord)` of the hypothesis the stages produced. */
  readonly startWord: number;
  readonly endWord: number;
  /** Frames `[startFrame, endFrame)` of those words. */
  readonly startFrame: number;
  readonly endFrame: number;
  /**
   * The step that first put the entry there: `unbiased` (plain decoding says it too), `beam`
   * (the beam scorers and encoder transforms: boost, LM class, adapter), or the name of the n-best
   * rescorer or transcript rewriter whose output first held it (`phonetic`, `lexicon`, a plugin's).
   */
  readonly stage: string;
  /**
   * Acoustic evidence from the phone posteriors of the unbiased encoder: `llr` = score of the
   * best CTC path through the entry's best pronunciation over the frames (Viterbi) minus the best
   * unconstrained phone path over the same frames (≤ 0); `perPhone` = `llr / phones`; `vsHeard` =
   * that path minus the path of the words plain decoding heard there (`heard`, by their
   * pronunciations; all blanks when it heard nothing), in nats — absent without a pronunciation
   * lexicon. Absent altogether when there is nothing to measure (no phone posteriors, no
   * pronunciation).
   */
  readonly evidence?: {
    readonly phones: number;
    readonly llr: number;
    readonly perPhone: number;
    readonly vsHeard?: number;
  };
  /** What plain decoding heard over the candidate's frames: the words that replace it when rejected. */
  readonly heard: string;
  readonly accepted: boolean;
  /**
   * `unbiased`: plain decoding produced the entry there too; `evidence`: `perPhone` ≥
   * −threshold and `vsHeard` ≥ margin; `weak-evidence`: either fails (rejected); `short-entry`:
   * the entry has fewer phones than the rule's minimum, too few to tell it from chance (rejected);
   * `unverified`: no evidence could be measured (accepted).
   */
  readonly reason: 'unbiased' | 'evidence' | 'weak-evidence' | 'short-entry' | 'unverified';
}
