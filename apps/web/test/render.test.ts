import type { Candidate, Hypothesis } from '@ctcbias/core';
import { describe, expect, it } from 'vitest';
import { candidatesHtml, escapeHtml, transcriptHtml } from '../src/render.js';

const best: Hypothesis = {
  tokens: [],
  text: 'call <kate> now',
  words: [
    { text: 'call', startFrame: 0, endFrame: 4, confidence: 0.93 },
    { text: 'kate', startFrame: 4, endFrame: 10, entry: 0, confidence: 0.5 },
    { text: 'now', startFrame: 11, endFrame: 14 },
  ],
  score: 0,
  scores: {},
};
const candidate = (over: Partial<Candidate>): Candidate => ({
  entry: 0,
  text: 'kate',
  startWord: 1,
  endWord: 2,
  startFrame: 4,
  endFrame: 10,
  stage: 'boost',
  heard: 'cate',
  accepted: true,
  reason: 'evidence',
  evidence: { phones: 3, llr: -1, perPhone: -0.33, vsHeard: 2.5 },
  ...over,
});

describe('the page’s rendering', () => {
  it('marks accepted entries, underlines dropped ones, gives confidences on hover', () => {
    const dropped = candidate({
      entry: 1,
      text: 'nowak',
      startFrame: 11,
      endFrame: 14,
      accepted: false,
      reason: 'weak-evidence',
      heard: 'now',
    });
    const html = transcriptHtml(best, [candidate({}), dropped], 0.04);
    expect(html).toContain('<span class="word" title="confidence 0.93">call</span>');
    expect(html).toMatch(
      /<mark class="accepted" title="confidence 0.50\nkate 0.16–0.40 s, from boost: kept/,
    );
    expect(html).toMatch(
      /<span class="rejected" title="nowak 0.44–0.56 s, from boost: dropped for &quot;now&quot;/,
    );
    expect(candidatesHtml([dropped, candidate({})], 0.04).indexOf('kate')).toBeLessThan(
      candidatesHtml([dropped, candidate({})], 0.04).indexOf('nowak'),
    );
    expect(candidatesHtml([], 0.04)).toBe('<li>none</li>');
  });

  it('escapes what it puts into HTML', () => {
    expect(escapeHtml('<b a="x">&')).toBe('&lt;b a=&quot;x&quot;&gt;&amp;');
  });
});
