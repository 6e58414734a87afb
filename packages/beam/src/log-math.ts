/**
 * `log(exp(a) + exp(b))` without overflow; `-Infinity` is the log of zero.
 *
 * ```ts
 * logAddExp(Math.log(0.25), Math.log(0.5)); // Math.log(0.75)
 * logAddExp(-Infinity, -3);                  // -3
 * ```
 */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
