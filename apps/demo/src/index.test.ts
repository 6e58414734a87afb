import { describe, expect, it } from 'vitest';
import { KNOWN_STAGES, PACKAGE_NAME } from './index.js';

describe('@ctcbias/demo', () => {
  it('exports its name and sees @ctcbias/core from source', () => {
    expect(PACKAGE_NAME).toBe('@ctcbias/demo');
    expect(KNOWN_STAGES).toContain('boost');
  });
});
