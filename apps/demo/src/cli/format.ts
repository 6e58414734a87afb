import type { Hypothesis } from '@ctcbias/core';
import type { ConfigOutput, UtteranceResult } from '../pipeline/utterance.js';

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
/** A number for JSON: rounded, or `"-inf"` (an entry the frames cannot hold at all). */
const finiteOr = (x: number) => (Number.isFinite(x) ? round(x) : x > 0 ? 'inf' : '-inf');

/**
 * A hypothesis as JSON: words with times (seconds) and matched entries, the score and its
 * per-stage breakdown.
 *
 * ```json
 * { "text": "call gorovitz", "score": -7.2, "scores": { "acoustic": -8.1, "boost": 0.9 },
 *   "words": [{ "text": "call", "start": 0.12, "end": 0.4 },
 *             { "text": "gorovitz", "start": 0.44, "end": 1.0, "entry": 0, "entryText": "gorovitz" }] }
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
        entry?: number;
        entryText?: string;
      } = {
        text: w.text,
        start: round(w.startFrame * frameShiftSec),
        end: round(w.endFrame * frameShiftSec),
      };
      if (w.entry !== undefined) {
        word.entry = w.entry;
        const t = entryText(w.entry);
        if (t !== undefined) word.entryText = t;
      }
      return word;
    }),
  };
}

/** One transcribed file as JSON (see `ctcbias transcribe --json`). */
export function transcriptionJson(
  r: UtteranceResult,
  o: ConfigOutput,
  frameShiftSec: number,
  entryText: (entry: number) => string | undefined,
) {
  return {
    id: r.id,
    audio: r.audio,
    durationSec: round(r.durationSec),
    stages: o.stages,
    ...hypothesisJson(o.best, frameShiftSec, entryText),
    // every list entry a stage put into the transcript, kept or dropped by the acceptance rule
    candidates: o.candidates.map((c) => ({
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
              ...(c.evidence.vsHeard === undefined
                ? {}
                : { vsHeard: finiteOr(c.evidence.vsHeard) }),
            },
          }
        : {}),
    })),
    nbest: o.nbest.map((h) => ({
      text: h.text,
      score: round(h.score, 4),
      scores: Object.fromEntries(Object.entries(h.scores).map(([k, v]) => [k, round(v, 4)])),
    })),
    timingMs: {
      encoder: round(r.encoderMs, 1),
      ...Object.fromEntries(o.perStage.map((s) => [s.step, round(s.ms, 1)])),
    },
    perStage: o.perStage
      .filter((s) => s.text !== undefined)
      .map((s) => ({ step: s.step, text: s.text })),
  };
}
