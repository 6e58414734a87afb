import { CtcBiasError, splitWords, type Vocabulary, WORD_BOUNDARY } from '@ctcbias/core';

/**
 * A fallback tokenizer for when no SentencePiece model is at hand: each word of the
 * (normalized) text becomes `▁word`, cut greedily into the longest vocabulary tokens, left to
 * right. Special tokens (blank, unk, `<…>`) are never used. It only approximates the model's
 * own segmentation — prefer the real tokenizer (`SentencePieceTokenizer`) when you have it.
 *
 * ```ts
 * // vocab: ▁ka, te, ▁k, a, …
 * const tokenize = longestMatchTokenizer(vocab);
 * tokenize('kate'); // [id('▁ka'), id('te')]
 * ```
 *
 * The returned function throws `CtcBiasError('INVALID_ARGUMENT')` naming the word when some
 * part of it matches no token.
 */
export function longestMatchTokenizer(vocab: Vocabulary): (text: string) => number[] {
  const ids = new Map<string, number>();
  let maxLen = 0;
  vocab.tokens.forEach((tok, id) => {
    if (id === vocab.blank || id === vocab.unk || /^<.*>$/su.test(tok) || tok === '') return;
    ids.set(tok, id);
    maxLen = Math.max(maxLen, tok.length);
  });
  return (text) => {
    const out: number[] = [];
    for (const word of splitWords(text)) {
      const s = WORD_BOUNDARY + word;
      let pos = 0;
      while (pos < s.length) {
        let found = -1;
        let len = Math.min(maxLen, s.length - pos);
        for (; len > 0; len--) {
          const id = ids.get(s.slice(pos, pos + len));
          if (id !== undefined) {
            found = id;
            break;
          }
        }
        if (found === -1) {
          throw new CtcBiasError(
            'INVALID_ARGUMENT',
            `cannot tokenize "${word}" with the vocabulary (nothing matches "${s.slice(pos)}")`,
          );
        }
        out.push(found);
        pos += len;
      }
    }
    return out;
  };
}
