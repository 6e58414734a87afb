import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLUMBING } from '../test/helpers.js';
import { parseModelConfig } from './config.js';
import { DEFAULT_LOGMEL } from './features.js';

const exported = JSON.parse(readFileSync(join(PLUMBING.conformer, 'model.json'), 'utf8'));

describe('parseModelConfig', () => {
  it('reads the model.json written by export.py and fills defaults', () => {
    const c = parseModelConfig(exported, 'model.json');
    expect(c.features).toEqual(DEFAULT_LOGMEL);
    expect(c.input).toEqual({ name: 'features', layout: 'BTF' });
    expect([c.subsampling, c.frameShiftSec, c.minInputFrames]).toEqual([4, 0.04, 7]);
    expect(c.chunk).toEqual({ seconds: 30, contextSeconds: 2 });
    expect(c.outputs.hidden).toEqual({ mid: 'hidden_mid', last: 'hidden_last' });
    expect(c.phones?.length).toBe(40);
  });

  it('derives the frame shift from subsampling and hop; partial features override defaults', () => {
    const c = parseModelConfig(
      {
        onnx: 'm.onnx',
        tokens: 't.txt',
        features: { numMels: 64, hopLength: 80 },
        input: { name: 'x', layout: 'BFT' },
        subsampling: 8,
        outputs: { logprobs: 'y' },
      },
      'm.json',
    );
    expect(c.features).toEqual({ ...DEFAULT_LOGMEL, numMels: 64, hopLength: 80 });
    expect(c.frameShiftSec).toBeCloseTo(0.04, 12);
    expect(c.minInputFrames).toBe(15);
    expect(c.outputsAreLogProbs).toBe(true);
  });

  const base = {
    onnx: 'm.onnx',
    tokens: 't.json',
    input: { name: 'x', layout: 'BTF' },
    outputs: { logprobs: 'y' },
  };
  it.each([
    [{ ...base, onnx: '' }, /"onnx" must be a non-empty string/],
    [{ ...base, input: { name: 'x', layout: 'TBF' } }, /"input.layout" must be/],
    [{ ...base, input: { name: 'x', layout: 'BT' } }, /"BT" goes with/],
    [{ ...base, outputs: { logprobs: 'y', phoneLogprobs: 'p' } }, /needs a "phones" list/],
    [{ ...base, features: { hop_length: 10 } }, /unknown feature setting "hop_length"/],
    [{ ...base, features: { fftSize: 300 } }, /invalid feature setting fftSize/],
    [{ ...base, features: { kind: 'mfcc' } }, /"features.kind"/],
    [{ ...base, subsampling: 0 }, /"subsampling" must be a positive integer 0/],
    [{ ...base, blank: -1 }, /"blank" must be a non-negative integer/],
    [{ ...base, chunk: { seconds: 0 } }, /"chunk.seconds" must be a positive number/],
    [[], /must be a JSON object/],
  ])('%j → MODEL_ERROR naming the file', (json, message) => {
    expect(() => parseModelConfig(json, 'cfg.json')).toThrow(message);
    expect(() => parseModelConfig(json, 'cfg.json')).toThrow(
      expect.objectContaining({ code: 'MODEL_ERROR', file: 'cfg.json' }),
    );
  });
});
