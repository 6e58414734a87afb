import { describe, expect, it } from 'vitest';
import { applyParamOverride, DEFAULT_PIPELINE_PARAMS, resolveParams } from '../src/params.js';

describe('PipelineParams', () => {
  it('fills defaults and keeps given knobs', () => {
    const p = resolveParams({ lm: { alpha: 0.3 }, beam: { beamWidth: 4 } });
    expect(p.lm).toEqual({ ...DEFAULT_PIPELINE_PARAMS.lm, alpha: 0.3 });
    expect(p.beam.beamWidth).toBe(4);
    expect(p.boost).toEqual(DEFAULT_PIPELINE_PARAMS.boost);
    expect(Object.isFrozen(p.lm)).toBe(true);
  });

  it('rejects unknown groups and knobs, and bad values', () => {
    expect(() => resolveParams({ lm: { gamma: 1 } } as never)).toThrowError(
      'unknown parameter lm.gamma 1',
    );
    expect(() => resolveParams({ foo: {} } as never)).toThrowError(/unknown parameter group "foo"/);
    expect(() => resolveParams({ beam: { beamWidth: 0 } })).toThrowError(
      /beam.beamWidth must be a positive integer/,
    );
    expect(() => resolveParams({ lm: { alpha: -1 } })).toThrowError(/lm.alpha must be ≥ 0/);
    expect(() => resolveParams({ accept: { minPhones: 2.5 } })).toThrowError(
      /accept.minPhones must be an integer ≥ 0/,
    );
    expect(() => resolveParams({ phonetic: { scoring: 'best' as never } })).toThrowError(
      /phonetic.scoring/,
    );
  });

  it('applies --set overrides', () => {
    let p = applyParamOverride(resolveParams(), 'boost.maxBoost=4');
    p = applyParamOverride(p, 'phonetic.scoring=forward');
    p = applyParamOverride(p, 'lm.oovOffset=-10');
    expect(p.boost.maxBoost).toBe(4);
    expect(p.phonetic.scoring).toBe('forward');
    expect(p.lm.oovOffset).toBe(-10);
    expect(p.lm.alpha).toBe(DEFAULT_PIPELINE_PARAMS.lm.alpha);
  });

  it('names bad overrides', () => {
    const p = resolveParams();
    expect(() => applyParamOverride(p, 'alpha=1')).toThrowError(
      /bad --set \(want group.key=value\)/,
    );
    expect(() => applyParamOverride(p, 'lm.alpah=1')).toThrowError(/unknown parameter lm.alpah/);
    expect(() => applyParamOverride(p, 'lm.alpha=abc')).toThrowError(
      /lm.alpha must be a number "abc"/,
    );
    expect(() => applyParamOverride(p, 'lm.alpha=')).toThrowError(/must be a number/);
  });
});
