import { describe, expect, it } from 'vitest';
import { KNOWN_STAGES, PACKAGE_NAME } from './index.js';

describe('@ctcbias/lexicon', () => {
  it('exports its name and sees @ctcbias/core from source', () => {
    expect(PACKAGE_NAME).toBe('@ctcbias/lexicon');
    expect(KNOWN_STAGES).toContain('boost');
  });
});
