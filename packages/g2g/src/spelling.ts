/**
 * The letters a grapheme-to-phone model sees in a word: accents removed (NFD, combining marks
 * dropped), lowercase, and everything outside a–z dropped.
 *
 * ```ts
 * lettersOf("José");     // 'jose'
 * lettersOf("O'Brien");  // 'obrien'
 * lettersOf('R2-D2');    // 'rd'
 * ```
 */
export function lettersOf(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
