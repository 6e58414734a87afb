/**
 * One window of a long input run through the model on its own.
 *
 * `inputStart…inputEnd` (input frames) is the core plus up to `context` frames on each side;
 * only the output frames of the core, `keepFrom…keepTo` (global output frame indices), are kept.
 */
export interface Chunk {
  readonly inputStart: number;
  readonly inputEnd: number;
  readonly keepFrom: number;
  /** Exclusive; `Infinity` for the last chunk (keep everything the model emits). */
  readonly keepTo: number;
}

/**
 * Splits `total` input frames into chunks of `chunkFrames` core frames with `contextFrames` of
 * context on each side (both rounded up to multiples of `subsampling`, so every chunk starts on
 * the output-frame grid: output frame j of a chunk starting at input frame s is global output
 * frame s/subsampling + j). Stitching keeps each chunk's core frames, so every kept frame saw at
 * least `contextFrames` of audio on both sides (except at the ends of the input). A last core
 * no longer than the context is merged into the one before it. An input of at most
 * `chunkFrames + contextFrames` is a single chunk.
 *
 * ```ts
 * planChunks(1000, 4, 400, 40);
 * // [{ inputStart: 0,   inputEnd: 440,  keepFrom: 0,   keepTo: 100 },
 * //  { inputStart: 360, inputEnd: 840,  keepFrom: 100, keepTo: 200 },
 * //  { inputStart: 760, inputEnd: 1000, keepFrom: 200, keepTo: Infinity }]
 * ```
 */
export function planChunks(
  total: number,
  subsampling: number,
  chunkFrames: number,
  contextFrames: number,
): Chunk[] {
  const up = (n: number) => Math.max(subsampling, Math.ceil(n / subsampling) * subsampling);
  const chunk = up(chunkFrames);
  const context = up(contextFrames);
  if (total <= chunk + context) {
    return [{ inputStart: 0, inputEnd: total, keepFrom: 0, keepTo: Number.POSITIVE_INFINITY }];
  }
  const starts: number[] = [];
  for (let s = 0; s < total; s += chunk) starts.push(s);
  if (total - (starts.at(-1) as number) <= context) starts.pop();
  return starts.map((start, i) => {
    const last = i === starts.length - 1;
    const end = last ? total : start + chunk;
    return {
      inputStart: Math.max(0, start - context),
      inputEnd: Math.min(total, end + context),
      keepFrom: start / subsampling,
      keepTo: last ? Number.POSITIVE_INFINITY : end / subsampling,
    };
  });
}
