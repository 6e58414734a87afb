import {
  type ConfigOutput,
  candidateJson,
  hypothesisJson,
  type UtteranceResult,
} from '@ctcbias/pipeline';

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

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
    candidates: o.candidates.map((c) => candidateJson(c, frameShiftSec)),
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

/**
 * `transcribe --explain`: how one transcript came about, as indented lines — how the list was
 * prepared (each list expander), every decoding step with its time and its best transcript, each
 * list entry a stage proposed with the acceptance decision and its evidence, and the score
 * breakdown of the final hypothesis.
 *
 * ```text
 *   stages   g2g+adapter+boost+lm+phonetic+lexicon
 *   list     g2g 812.4 ms (+2 variants, +3 pronunciations), tokenize 3.1 ms (prepared once per list)
 *   encoder  41.0 ms
 *   adapter   3.2 ms
 *   beam     12.0 ms  call doctor gore of its
 *   phonetic  1.1 ms  call doctor gorovitz
 *   accept    2.0 ms  call doctor gorovitz
 *   + gorovitz  1.24-1.80 s  from phonetic  kept (evidence): 8 phones, -0.39 nats/phone, +6.2 vs "gore of its"
 *   scores   acoustic -9.1, boost 2.2, lm -7.5, phonetic -0.4
 * ```
 */
export function explainLines(r: UtteranceResult, o: ConfigOutput, stagesLabel: string): string[] {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const lines = [`  stages   ${stagesLabel}`];
  if (o.listTrace.length > 1) {
    const steps = o.listTrace
      .map((s) => `${s.step} ${ms(s.ms)}${s.detail === undefined ? '' : ` (${s.detail})`}`)
      .join(', ');
    lines.push(`  list     ${steps} (prepared once per list)`);
  }
  if (o.skippedEntries.length > 0) {
    lines.push(`  skipped  ${o.skippedEntries.length} entries the model cannot spell`);
  }
  const width = Math.max(8, ...o.perStage.map((s) => s.step.length));
  lines.push(`  ${'encoder'.padEnd(width)} ${ms(r.encoderMs)}`);
  for (const s of o.perStage) {
    if (s.step === 'prepare-list') continue;
    lines.push(`  ${s.step.padEnd(width)} ${ms(s.ms)}${s.text === undefined ? '' : `  ${s.text}`}`);
  }
  const t = (frame: number) => (frame * r.frameShiftSec).toFixed(2);
  for (const c of o.candidates) {
    const e = c.evidence;
    const evidence =
      e === undefined
        ? 'no evidence measured'
        : `${e.phones} phones, ${e.perPhone.toFixed(2)} nats/phone` +
          (e.vsHeard === undefined ? '' : `, ${signed(e.vsHeard)} vs "${c.heard}"`);
    lines.push(
      `  ${c.accepted ? '+' : '-'} ${c.text}  ${t(c.startFrame)}-${t(c.endFrame)} s  from ${c.stage}  ` +
        `${c.accepted ? 'kept' : `dropped for "${c.heard}"`} (${c.reason}): ${evidence}`,
    );
  }
  const scores = Object.entries(o.best.scores)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
  if (scores !== '') lines.push(`  scores   ${scores}`);
  return lines;
}

function signed(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+inf' : '-inf';
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
}
