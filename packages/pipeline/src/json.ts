import type { Candidate, Hypothesis } from '@ctcbias/core';

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
/** A number for JSON: rounded, or `"-inf"` (an entry the frames cannot hold at all). */
const finiteOr = (x: number) => (Number.isFinite(x) ? round(x) : x > 0 ? 'inf' : '-inf');

/**
 * A hypothesis as JSON: words with times (seconds), acoustic confidence (when measured) and
 * matched entries, the score and its per-stage breakdown.
 *
 * ```json
 * { "text": "call gorovitz", "score": -7.2, "scores": { "acoustic": -8.1, "boost": 0.9 },
 *   "words": [{ "text": "call", "start": 0.12, "end": 0.4, "confidence": 0.93 },
 *             { "text": "gorovitz", "start": 0.44, "end": 1.0, "confidence": 0.51, "entry": 0,
 *               "entryText": "gorovitz" }] }
 * ```
 */
export function hypothesisJson(
  h: Hypothesis,
  frameShiftSec: number,
  entryText: (entry: number) => string | undefined,
) {
  return {
    text: h.text,
    score: round(h.score, 4),
    scores: Object.fromEntries(Object.entries(h.scores).map(([k, v]) => [k, round(v, 4)])),
    words: h.words.map((w) => {
      const word: {
        text: string;
        start: number;
        end: number;
        confidence?: number;
        entry?: number;
        entryText?: string;
      } = {
        text: w.text,
        start: round(w.startFrame * frameShiftSec),
        end: round(w.endFrame * frameShiftSec),
      };
      if (w.confidence !== undefined) word.confidence = round(w.confidence, 3);
      if (w.entry !== undefined) {
        word.entry = w.entry;
        const t = entryText(w.entry);
        if (t !== undefined) word.entryText = t;
      }
      return word;
    }),
  };
}

/**
 * A candidate (a list entry a stage put into the transcript) as JSON: times in seconds, the
 * acceptance decision and its evidence.
 *
 * ```json
 * { "entry": 0, "text": "simila", "start": 1.08, "end": 1.4, "stage": "beam", "heard": "sill",
 *   "accepted": true, "reason": "evidence", "evidence": { "phones": 6, "llr": -1.5, "perPhone": -0.25, "vsHeard": 11.7 } }
 * ```
 */
export function candidateJson(c: Candidate, frameShiftSec: number) {
  return {
    entry: c.entry,
    text: c.text,
    start: round(c.startFrame * frameShiftSec),
    end: round(c.endFrame * frameShiftSec),
    stage: c.stage,
    heard: c.heard,
    accepted: c.accepted,
    reason: c.reason,
    ...(c.evidence
      ? {
          evidence: {
            phones: c.evidence.phones,
            llr: finiteOr(c.evidence.llr),
            perPhone: finiteOr(c.evidence.perPhone),
            ...(c.evidence.vsHeard === undefined ? {} : { vsHeard: finiteOr(c.evidence.vsHeard) }),
          },
        }
      : {}),
  };
}
