import { isCtcBiasError } from '@ctcbias/core';
import { stageRegistry } from '../src/registry.js';

const STAGE_NAMES = stageRegistry.names();

import { describe, expect, it } from 'vitest';
import { formatStages, parseStages } from '../src/stage-set.js';

describe('parseStages', () => {
  it('reads all, none and lists in pipeline order', () => {
    expect(parseStages('all')).toEqual(STAGE_NAMES);
    expect(parseStages(' none ')).toEqual([]);
    expect(parseStages('lm, boost')).toEqual(['boost', 'lm']);
    expect(parseStages('lexicon,g2g,lexicon')).toEqual(['g2g', 'lexicon']);
  });

  it('names an unknown stage and suggests a near miss', () => {
    expect(() => parseStages('boots')).toThrowError(
      'unknown stage (did you mean "boost"?); expected "all", "none" or a comma-separated list of: g2g, adapter, boost, lm, phonetic, lexicon "boots"',
    );
    expect(() => parseStages('adapter,whisper')).toThrowError(
      /unknown stage; expected .* "whisper"$/,
    );
  });

  it('rejects empty names and all/none inside a list', () => {
    expect(() => parseStages('')).toThrowError(/empty stage name/);
    expect(() => parseStages('boost,,lm')).toThrowError(/empty stage name/);
    expect(() => parseStages('all,boost')).toThrowError(/"all" cannot be combined/);
    try {
      parseStages('x');
    } catch (e) {
      expect(isCtcBiasError(e, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('formats back', () => {
    expect(formatStages([])).toBe('none');
    expect(formatStages(STAGE_NAMES)).toBe('all');
    expect(formatStages(parseStages('lm,boost'), '+')).toBe('boost+lm');
    expect(parseStages(formatStages(parseStages('phonetic,g2g')))).toEqual(['g2g', 'phonetic']);
  });
});
