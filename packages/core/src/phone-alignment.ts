/**
 * One phone of a forced alignment. Frames are half-open: `[startFrame, endFrame)`.
 *
 * ```ts
 * { phone: 'K', startFrame: 10, endFrame: 13, logProb: -1.7 } // frames 10, 11, 12
 * ```
 */
export interface PhoneSegment {
  readonly phone: string;
  /** First frame of the segment (inclusive). */
  readonly startFrame: number;
  /** One past the last frame (exclusive). */
  readonly endFrame: number;
  /** Natural-log probability of this segment's frames under the phone posteriors. */
  readonly logProb: number;
}

/**
 * A CTC forced alignment of a phone sequence against phone posteriors. Blank frames belong to
 * no segment; `logProb` is the total (segments plus blanks).
 *
 * ```ts
 * // "kate" = K EY T
 * const a: PhoneAlignment = {
 *   segments: [
 *     { phone: 'K', startFrame: 10, endFrame: 12, logProb: -0.4 },
 *     { phone: 'EY', startFrame: 12, endFrame: 16, logProb: -0.9 },
 *     { phone: 'T', startFrame: 17, endFrame: 18, logProb: -0.3 },
 *   ],
 *   logProb: -2.1,
 * };
 * ```
 */
export interface PhoneAlignment {
  readonly segments: readonly PhoneSegment[];
  readonly logProb: number;
}
