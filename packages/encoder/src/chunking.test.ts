import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChunks } from './chunking.js';

describe('planChunks', () => {
  it('the documented example', () => {
    expect(planChunks(1000, 4, 400, 40)).toEqual([
      { inputStart: 0, inputEnd: 440, keepFrom: 0, keepTo: 100 },
      { inputStart: 360, inputEnd: 840, keepFrom: 100, keepTo: 200 },
      { inputStart: 760, inputEnd: 1000, keepFrom: 200, keepTo: Number.POSITIVE_INFINITY },
    ]);
  });

  it('one chunk up to chunk + context; a last core no longer than the context is merged', () => {
    expect(planChunks(440, 4, 400, 40)).toHaveLength(1);
    expect(planChunks(441, 4, 400, 40)).toHaveLength(2);
    expect(planChunks(840, 4, 400, 40)).toEqual([
      { inputStart: 0, inputEnd: 440, keepFrom: 0, keepTo: 100 },
      { inputStart: 360, inputEnd: 840, keepFrom: 100, keepTo: Number.POSITIVE_INFINITY },
    ]);
  });

  it('cores tile the input on the output grid, each with its context', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom(1, 2, 4, 8, 320),
        fc.integer({ min: 50, max: 700 }),
        fc.integer({ min: 0, max: 200 }),
        (total, sub, chunk, context) => {
          const chunks = planChunks(total, sub, chunk, context);
          const ctx = Math.max(sub, Math.ceil(context / sub) * sub);
          expect(chunks[0]?.keepFrom).toBe(0);
          expect(chunks.at(-1)?.keepTo).toBe(Number.POSITIVE_INFINITY);
          expect(chunks.at(-1)?.inputEnd).toBe(total);
          chunks.forEach((c, i) => {
            expect(c.inputStart % sub).toBe(0);
            const next = chunks[i + 1];
            if (next) expect(next.keepFrom).toBe(c.keepTo);
            const coreStart = c.keepFrom * sub;
            expect(c.inputStart).toBe(Math.max(0, coreStart - ctx));
            if (next) expect(c.inputEnd).toBe(Math.min(total, c.keepTo * sub + ctx));
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
