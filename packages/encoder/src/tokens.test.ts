import { describe, expect, it } from 'vitest';
import { parseTokens } from './tokens.js';

describe('parseTokens', () => {
  it('reads {"tokens", "blank"} JSON (export.py format)', () => {
    const v = parseTokens(
      '{"tokens": ["<blk>", "<unk>", "\u2581a", "b"], "blank": 0}',
      'tokens.json',
    );
    expect([v.size, v.blank, v.unk, v.isWordStart(2)]).toEqual([4, 0, 1, true]);
  });

  it('reads a JSON array and a Hugging Face vocab.json map (blank from the config)', () => {
    expect(parseTokens('["a", "<blank>", "b"]', 't.json').blank).toBe(1);
    const hf = parseTokens('{"<pad>": 0, "<s>": 1, "|": 3, "e": 2}', 'vocab.json', 0);
    expect(hf.tokens).toEqual(['<pad>', '<s>', 'e', '|']);
    expect(hf.blank).toBe(0);
  });

  it('reads "token id" lines (sherpa-onnx) in any order, and one token per line', () => {
    const v = parseTokens('\u2581the 2\n<blk> 0\n<unk> 1\n', 'tokens.txt');
    expect(v.tokens).toEqual(['<blk>', '<unk>', '\u2581the']);
    const plain = parseTokens('a\nb\n<blk>\n', 'tokens.txt');
    expect([plain.size, plain.blank]).toEqual([3, 2]);
  });

  it('a config blank overrides the file', () => {
    expect(parseTokens('{"tokens": ["a", "b"], "blank": 0}', 't.json', 1).blank).toBe(1);
  });

  it.each([
    ['{"tokens": ["a"', 't.json', /^t\.json: invalid JSON/],
    ['{"tokens": ["a", 3], "blank": 0}', 't.json', /^t\.json: token 1 is not a string/],
    ['{"a": 0, "b": 2}', 'vocab.json', /token id out of range \[0, 2\) for "b" 2/],
    ['a 0\nb 0\n', 'tokens.txt', /^tokens\.txt:2: duplicate token id 0/],
    ['a\n\nb\n', 'tokens.txt', /^tokens\.txt:2: empty token/],
    ['a\nb\n', 'tokens.txt', /blank id unknown/],
    ['["a", "a", "<blk>"]', 't.json', /^t\.json: duplicate vocabulary token/],
    ['', 'tokens.txt', /no tokens/],
  ])('%j (%s) → PARSE_ERROR', (text, file, message) => {
    expect(() => parseTokens(text, file)).toThrow(message);
    expect(() => parseTokens(text, file)).toThrow(
      expect.objectContaining({ code: 'PARSE_ERROR', file }),
    );
  });
});
