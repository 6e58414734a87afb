import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArpa } from './arpa-reader.js';
import { WordPrefixes } from './word-prefixes.js';

describe('WordPrefixes', () => {
  it('answers like a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'é', '▁'), maxLength: 4 })),
        fc.string({ unit: fc.constantFrom('a', 'b', 'é', '▁'), maxLength: 3 }),
        (words, prefix) => {
          expect(new WordPrefixes(words).has(prefix)).toBe(words.some((w) => w.startsWith(prefix)));
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });

  it('backs NgramLm.isKnownPrefix, which ignores <s>, </s> and <unk>', () => {
    const lm = parseArpa(
      '\\data\\\nngram 1=4\n\n\\1-grams:\n-1 <s>\n-1 cat\n-1 </s>\n-1 <unk>\n\n\\end\\\n',
    );
    expect(lm.isKnownPrefix('ca')).toBe(true);
    expect(lm.isKnownPrefix('cat')).toBe(true);
    expect(lm.isKnownPrefix('cats')).toBe(false);
    expect(lm.isKnownPrefix('<')).toBe(false);
  });
});
