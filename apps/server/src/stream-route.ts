import { type BiasingList, isCtcBiasError } from '@ctcbias/core';
import {
  candidateJson,
  createStream,
  type JointPipeline,
  type StreamSegment,
} from '@ctcbias/pipeline';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';

/** What the stream route needs from the server: lists, the per-request pipeline, the limit. */
export interface StreamContext {
  readonly pipelineFor: (fields: Record<string, string | undefined>) => JointPipeline;
  readonly storedList: (id: string) => BiasingList;
  readonly parseList: (text: string, name: string) => BiasingList;
  readonly audioSeconds: number;
}

/**
 * `GET /v1/stream` (WebSocket): live transcription. Query: `listId`, `stages`, `threshold`,
 * `margin` as for `/v1/transcribe`. The client may first send a text message `{"list": "…"}`
 * (an inline list), then binary messages of 16-bit little-endian mono PCM at the server's rate,
 * then the text message `end`. The server answers with text messages:
 * `{"type":"final", start, end, text, words, candidates}` for each segment once it is final (at a
 * pause), `{"type":"partial", text}` about once a second of audio, `{"type":"done", seconds}` after
 * `end`, and `{"type":"error", code, message}` (then closes) for a bad request or message.
 */
export function registerStreamRoute(app: FastifyInstance, ctx: StreamContext): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/v1/stream',
    { websocket: true },
    (socket: WebSocket, request) => {
      const send = (m: object) => socket.send(JSON.stringify(m));
      const fail = (e: unknown) => {
        const code = isCtcBiasError(e) ? e.code : ((e as { code?: string }).code ?? 'INTERNAL');
        send({ type: 'error', code, message: e instanceof Error ? e.message : String(e) });
        socket.close(1008);
      };
      let pipeline: JointPipeline;
      let list: BiasingList | undefined;
      try {
        pipeline = ctx.pipelineFor(request.query);
        if (request.query.listId !== undefined) list = ctx.storedList(request.query.listId);
      } catch (e) {
        fail(e);
        return;
      }
      let stream: ReturnType<typeof createStream> | undefined;
      let lastPartial = 0;
      let chain = Promise.resolve();
      const finals = (segments: StreamSegment[]) => {
        const shift = (s: StreamSegment) => s.result.posteriors.frameShiftSec;
        for (const s of segments) {
          send({
            type: 'final',
            start: round(s.start),
            end: round(s.end),
            text: s.text,
            words: s.words.map((w) => ({ ...w, start: round(w.start), end: round(w.end) })),
            candidates: s.result.candidates.map((c) => {
              const j = candidateJson(c, shift(s));
              return { ...j, start: round(j.start + s.start), end: round(j.end + s.start) };
            }),
          });
        }
      };
      const started = () => {
        stream ??= createStream(pipeline, list ?? []);
        return stream;
      };
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        chain = chain
          .then(async () => {
            if (socket.readyState !== socket.OPEN) return;
            if (!isBinary) {
              const text = data.toString('utf8');
              if (text === 'end') {
                const s = started();
                finals(await s.flush());
                send({ type: 'done', seconds: round(s.seconds) });
                socket.close(1000);
                return;
              }
              if (stream !== undefined) throw new Error('send the list before the audio');
              const message = JSON.parse(text) as { list?: unknown };
              if (typeof message.list !== 'string') {
                throw new Error('a text message is {"list": "…"} (before the audio) or "end"');
              }
              list = ctx.parseList(message.list, "the stream's list");
              return;
            }
            if (data.length % 2 !== 0)
              throw new Error('binary messages are 16-bit PCM: an even number of bytes');
            const pcm = new Int16Array(
              data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
            );
            const samples = Float32Array.from(pcm, (x) => x / 32768);
            const s = started();
            if (
              s.seconds + samples.length / pipeline.components.encoder.sampleRate >
              ctx.audioSeconds
            ) {
              throw Object.assign(new Error(`the stream is longer than ${ctx.audioSeconds} s`), {
                code: 'AUDIO_TOO_LONG',
              });
            }
            const segments = await s.push(samples);
            finals(segments);
            if (segments.length === 0 && s.seconds - lastPartial >= 1) {
              lastPartial = s.seconds;
              send({ type: 'partial', text: await s.partial() });
            }
          })
          .catch(fail);
      });
    },
  );
}

function round(x: number): number {
  return Number(x.toFixed(3));
}
