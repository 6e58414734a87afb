// Seeded randomness shared by the text-preparation scripts, so every run produces the same splits.

/**
 * A mulberry32 generator with the helpers the scripts use.
 *
 * ```js
 * const { rand, shuffle, pick } = seeded(20261126);
 * shuffle([1, 2, 3]); // the same permutation on every run
 * ```
 */
export function seeded(seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffle = (xs) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  return { rand, shuffle, pick };
}
