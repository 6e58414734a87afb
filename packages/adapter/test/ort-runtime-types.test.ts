import type * as OrtCommon from 'onnxruntime-common';
import type * as OrtNode from 'onnxruntime-node';
import type * as OrtWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import type { OnnxSession, OrtModule } from '../src/index.js';

// Compile-time: both runtime packages (and the common API) fit OrtModule, and any
// InferenceSession fits OnnxSession. A mismatch fails `pnpm --filter @ctcbias/adapter typecheck`.
type Fits<T, U> = T extends U ? true : false;
const nodeFits: Fits<typeof OrtNode, OrtModule> = true;
const webFits: Fits<typeof OrtWeb, OrtModule> = true;
const commonFits: Fits<typeof OrtCommon, OrtModule> = true;
const sessionFits: Fits<OrtCommon.InferenceSession, OnnxSession> = true;

describe('OrtModule', () => {
  it('accepts onnxruntime-node, onnxruntime-web and their sessions (checked by tsc)', () => {
    expect([nodeFits, webFits, commonFits, sessionFits]).toEqual([true, true, true, true]);
  });
});
