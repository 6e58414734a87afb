import { describe, expect, it } from 'vitest';
import { KNOWN_STAGES, PACKAGE_NAME } from './index.js';

describe('@ctcbias/beam', () => {
  it('exports its name and sees @ctcbias/core from source', () => {
    expect(PACKAGE_NAME).toBe('@ctcbias/beam');
    expect(KNOWN_STAGES).toContain('boost');
  });
});
