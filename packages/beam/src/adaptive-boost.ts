import { CtcBiasError } from '@ctcbias/core';

/**
 * Parameters of the adaptive boost curve (natural-log units). See {@link adaptiveBoost}.
 */
export interface AdaptiveBoostParams {
  /** Boost of a token that is already the frame's top-1 (gap 0): the winning margin. Default 0.25. */
  readonly margin: number;
  /** Largest boost, reached at gap `maxBoost − margin`. Default 1.5. */
  readonly maxBoost: number;
  /** Gap at and beyond which a candidate is hopeless and gets no boost. Default 4. */
  readonly cutoff: number;
  /**
   * Scale of the boost of an entry's *first* token (1 = same as continuations; 0 = boost only
   * continuations, once an entry has been started acoustically). Default 1.
   */
  readonly firstTokenScale: number;
}

export const DEFAULT_BOOST_PARAMS: AdaptiveBoostParams = Object.freeze({
  margin: 0.25,
  maxBoost: 1.5,
  cutoff: 4,
  firstTokenScale: 1,
});

/**
 * The adaptive boost `β(g)` for a candidate whose log-prob is `g = topLogProb − tokenLogProb ≥ 0`
 * below the frame's best ("the gap"). With `g* = maxBoost − margin`:
 *
 * ```
 *          ⎧ margin + g                              0 ≤ g ≤ g*      fill the gap, win by `margin`
 *   β(g) = ⎨ maxBoost · (cutoff − g) / (cutoff − g*)  g* < g < cutoff  fade out
 *          ⎩ 0                                       g ≥ cutoff      hopeless: no help
 * ```
 *
 * A token that already wins its frame needs only a small push (`margin`) to stay ahead of the
 * competitors it beats anyway; a near-miss (gap about 1 nat) gets just enough to overtake by
 * `margin`; the help grows to `maxBoost` and then fades, so a token the acoustics rule out
 * (gap ≥ `cutoff`) is never forced in. With the defaults a single token wins on the boost alone
 * only when its gap is below ≈ 1.41 nats (where `β(g) = g`). The entity booster multiplies `β` by the entry's weight.
 * (If `cutoff ≤ g*`, the curve is `margin + g` up to `cutoff` and 0 beyond.)
 *
 * ```ts
 * adaptiveBoost(0);    // 0.25  (defaults: margin 0.25, maxBoost 1.5, cutoff 4)
 * adaptiveBoost(1);    // 1.25  near-miss: lifted 0.25 above the top
 * adaptiveBoost(1.25); // 1.5   peak
 * adaptiveBoost(2);    // 1.0909…  (< 2: no longer enough to win on its own)
 * adaptiveBoost(4);    // 0     hopeless
 * ```
 */
export function adaptiveBoost(
  gap: number,
  params: AdaptiveBoostParams = DEFAULT_BOOST_PARAMS,
): number {
  const g = Math.max(gap, 0);
  const { margin, maxBoost, cutoff } = params;
  if (!(g < cutoff)) return 0;
  const peak = maxBoost - margin;
  if (g <= peak) return margin + g;
  return (maxBoost * (cutoff - g)) / (cutoff - peak);
}

/** Fills defaults and validates; throws INVALID_ARGUMENT on a bad value. */
export function resolveBoostParams(p: Partial<AdaptiveBoostParams> = {}): AdaptiveBoostParams {
  const r: AdaptiveBoostParams = { ...DEFAULT_BOOST_PARAMS, ...p };
  for (const key of ['margin', 'maxBoost', 'cutoff', 'firstTokenScale'] as const) {
    const v = r[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new CtcBiasError('INVALID_ARGUMENT', `boost parameter ${key} must be finite and ≥ 0`, {
        value: v,
      });
    }
  }
  if (r.maxBoost < r.margin) {
    throw new CtcBiasError('INVALID_ARGUMENT', 'boost parameter maxBoost must be ≥ margin', {
      value: r.maxBoost,
    });
  }
  return Object.freeze(r);
}
