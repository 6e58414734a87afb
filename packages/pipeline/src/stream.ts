import { type BiasingList, type BiasingListItem, CtcBiasError, type WordSpan } from '@ctcbias/core';
import type { JointPipeline, TranscriptionResult } from './joint-pipeline.js';

/** Options of {@link createStream}. */
export interface StreamOptions {
  /** Longest stretch decoded as one segment (seconds); a segment is cut there if no pause came. Default 20. */
  readonly maxSegmentSeconds?: number;
  /** A pause this long (seconds of quiet audio) ends a segment. Default 0.4. */
  readonly pauseSeconds?: number;
  /**
   * A 10 ms frame is quiet when its RMS is below this fraction of the loudest frame so far (or
   * below -60 dBFS). Default 0.05 (-26 dB).
   */
  readonly quietRatio?: number;
}

/** A word of a stream, with times in seconds from the start of the stream. */
export interface StreamWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly confidence?: number;
  /** The list entry's text, when the word is one. */
  readonly entry?: string;
}

/** One decoded segment: final words (they will not change), and the pipeline's result for it. */
export interface StreamSegment {
  readonly start: number;
  readonly end: number;
  readonly words: readonly StreamWord[];
  readonly text: string;
  readonly result: TranscriptionResult;
}

/**
 * Incremental transcription: `push` audio as it arrives, get back each segment once it is final;
 * `partial()` decodes what is buffered without finalizing it. A segment ends at a pause (a run of
 * quiet 10 ms frames, by energy) or, without one, after `maxSegmentSeconds`; a segment with no
 * sound in it is dropped; each segment goes through the whole pipeline (every stage, acceptance) on its own, so memory and time stay bounded whatever the
 * length of the stream.
 *
 * ```ts
 * const stream = createStream(pipeline, ['gorovitz']);
 * for await (const chunk of microphone) {
 *   for (const segment of await stream.push(chunk)) console.log(segment.text); // final text
 * }
 * for (const segment of await stream.flush()) console.log(segment.text);
 * ```
 */
export interface TranscriptionStream {
  /** Adds mono samples at the encoder's rate; resolves to the segments that became final. */
  push(samples: Float32Array): Promise<StreamSegment[]>;
  /** The transcript of what is buffered (not final: it may change). */
  partial(): Promise<string>;
  /** Decodes everything still buffered; the stream can then take more audio. */
  flush(): Promise<StreamSegment[]>;
  /** Seconds of audio pushed so far. */
  readonly seconds: number;
}

/** Creates a {@link TranscriptionStream} over `pipeline` with `list` (prepared once). */
export function createStream(
  pipeline: JointPipeline,
  list: BiasingList | readonly BiasingListItem[] = [],
  options: StreamOptions = {},
): TranscriptionStream {
  const rate = pipeline.components.encoder.sampleRate;
  const maxSeconds = options.maxSegmentSeconds ?? 20;
  const pauseSeconds = options.pauseSeconds ?? 0.4;
  const quietRatio = options.quietRatio ?? 0.05;
  if (!(maxSeconds > 1) || !(pauseSeconds > 0) || !(quietRatio > 0 && quietRatio < 1)) {
    throw new CtcBiasError(
      'INVALID_ARGUMENT',
      'stream options: maxSegmentSeconds > 1, pauseSeconds > 0, 0 < quietRatio < 1',
      { value: options },
    );
  }
  const prepared = pipeline.prepareList(list);
  const frame = Math.round(rate / 100); // 10 ms
  let peak = 0; // loudest frame RMS so far
  let buffer = new Float32Array(0);
  let bufferStart = 0; // samples already finalized before the buffer
  let pushed = 0;
  let searchedAt = 0; // buffer length at the last pause search that found none

  const segment = async (samples: Float32Array, startSample: number): Promise<StreamSegment> => {
    const result = await pipeline.decode(await pipeline.encode(samples), prepared);
    const shift = result.posteriors.frameShiftSec;
    const offset = startSample / rate;
    const words = result.best.words.map((w: WordSpan): StreamWord => {
      const entry = w.entry === undefined ? undefined : result.list.entries[w.entry]?.text;
      return {
        text: w.text,
        start: offset + w.startFrame * shift,
        end: offset + w.endFrame * shift,
        ...(w.confidence !== undefined ? { confidence: w.confidence } : {}),
        ...(entry !== undefined ? { entry } : {}),
      };
    });
    return {
      start: offset,
      end: offset + samples.length / rate,
      words,
      text: result.text,
      result,
    };
  };

  /** The level below which a frame is quiet: relative to the loudest frame so far, floored. */
  const quietLevel = () => Math.max(1e-3, quietRatio * peak);

  /** Where to cut `head` (in samples): the middle of its last pause, if it has one. */
  const cutPoint = (head: Float32Array): number | undefined => {
    const minRun = Math.max(1, Math.round((pauseSeconds * rate) / frame));
    const rms = frameRms(head, frame);
    for (const r of rms) peak = Math.max(peak, r);
    const quiet = quietLevel();
    let best: number | undefined;
    let run = 0;
    rms.forEach((r, f) => {
      run = r <= quiet ? run + 1 : 0;
      if (run >= minRun) best = f - Math.floor(run / 2);
    });
    return best === undefined ? undefined : best * frame;
  };

  const allQuiet = (x: Float32Array): boolean => {
    const quiet = quietLevel();
    return frameRms(x, frame).every((r) => r <= quiet);
  };

  const drain = async (final: boolean): Promise<StreamSegment[]> => {
    const out: StreamSegment[] = [];
    while (buffer.length > 0) {
      const seconds = buffer.length / rate;
      if (!final && seconds < Math.min(maxSeconds, 2 * pauseSeconds + 1)) break;
      // look for a pause again only after another second of audio (not on every small push)
      if (!final && seconds < maxSeconds && buffer.length - searchedAt < rate) break;
      let cut: number | undefined;
      if (final) {
        cut = buffer.length;
      } else {
        const head = buffer.subarray(0, Math.min(buffer.length, Math.round(maxSeconds * rate)));
        cut = cutPoint(head);
        if (cut === undefined || cut === 0) {
          if (seconds < maxSeconds) {
            searchedAt = buffer.length;
            break; // wait for a pause
          }
          cut = head.length; // no pause in maxSegmentSeconds: cut there
        }
      }
      const piece = buffer.slice(0, cut);
      // a stretch with no sound at all is not decoded (the model would hear a word in silence)
      if (!allQuiet(piece)) out.push(await segment(piece, bufferStart));
      buffer = buffer.slice(cut);
      bufferStart += cut;
      searchedAt = 0;
    }
    return out;
  };

  return {
    async push(samples) {
      const next = new Float32Array(buffer.length + samples.length);
      next.set(buffer);
      next.set(samples, buffer.length);
      buffer = next;
      pushed += samples.length;
      return drain(false);
    },
    async partial() {
      if (buffer.length === 0 || allQuiet(buffer)) return '';
      return (await segment(buffer, bufferStart)).text;
    },
    flush: () => drain(true),
    get seconds() {
      return pushed / rate;
    },
  };
}

/** RMS of each whole `frame`-sample frame of `x`. */
function frameRms(x: Float32Array, frame: number): Float64Array {
  const rms = new Float64Array(Math.floor(x.length / frame));
  for (let f = 0; f < rms.length; f++) {
    let e = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) e += (x[i] as number) ** 2;
    rms[f] = Math.sqrt(e / frame);
  }
  return rms;
}
