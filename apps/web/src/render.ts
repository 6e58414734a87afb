import type { Candidate, Hypothesis } from '@ctcbias/core';

/** `&`, `<`, `>`, `"` escaped for HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);
}

/** One line about a candidate: what, where, kept or dropped, why, the evidence. */
export function describeCandidate(c: Candidate, frameShiftSec: number): string {
  const at = (f: number) => (f * frameShiftSec).toFixed(2);
  const e = c.evidence;
  const evidence =
    e === undefined
      ? 'no evidence measured'
      : `${e.phones} phones, ${e.perPhone.toFixed(2)} nats/phone` +
        (e.vsHeard === undefined || !Number.isFinite(e.vsHeard)
          ? ''
          : `, ${e.vsHeard >= 0 ? '+' : ''}${e.vsHeard.toFixed(1)} vs "${c.heard}"`);
  const verdict = c.accepted ? 'kept' : `dropped for "${c.heard}"`;
  return `${c.text} ${at(c.startFrame)}–${at(c.endFrame)} s, from ${c.stage}: ${verdict} (${c.reason}; ${evidence})`;
}

/**
 * The biased transcript as HTML: words that are accepted list entries in `<mark class="accepted">`,
 * words where a stage proposed an entry that acceptance dropped underlined, with the dropped
 * candidates in the title (shown on hover); every word's acoustic confidence in its title.
 *
 * ```ts
 * transcriptHtml(best, candidates, 0.04);
 * // 'let me know when <mark class="accepted" title="simila …: kept …">simila</mark> gets here'
 * ```
 */
export function transcriptHtml(
  best: Hypothesis,
  candidates: readonly Candidate[],
  frameShiftSec: number,
): string {
  return best.words
    .map((w) => {
      const text = escapeHtml(w.text);
      const conf = w.confidence === undefined ? '' : `confidence ${w.confidence.toFixed(2)}`;
      const overlapping = candidates.filter(
        (c) => c.startFrame < w.endFrame && c.endFrame > w.startFrame,
      );
      if (w.entry !== undefined) {
        const kept = overlapping.filter((c) => c.accepted);
        const title = [conf, ...kept.map((c) => describeCandidate(c, frameShiftSec))].join('\n');
        return `<mark class="accepted" title="${escapeHtml(title.trim())}">${text}</mark>`;
      }
      const dropped = overlapping.filter((c) => !c.accepted);
      if (dropped.length === 0) {
        return conf === '' ? text : `<span class="word" title="${conf}">${text}</span>`;
      }
      const title = [conf, ...dropped.map((c) => describeCandidate(c, frameShiftSec))].join('\n');
      return `<span class="rejected" title="${escapeHtml(title.trim())}">${text}</span>`;
    })
    .join(' ');
}

/** The candidates as `<li>` items, kept first. */
export function candidatesHtml(candidates: readonly Candidate[], frameShiftSec: number): string {
  if (candidates.length === 0) return '<li>none</li>';
  return [...candidates]
    .sort((a, b) => Number(b.accepted) - Number(a.accepted) || a.startFrame - b.startFrame)
    .map(
      (c) =>
        `<li class="${c.accepted ? 'accepted' : 'rejected'}">${escapeHtml(describeCandidate(c, frameShiftSec))}</li>`,
    )
    .join('');
}
