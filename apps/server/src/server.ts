import {
  type BiasingList,
  type CtcBiasError,
  fnv1a64Hex,
  isCtcBiasError,
  parseBiasingList,
} from '@ctcbias/core';
import { decodeWav } from '@ctcbias/encoder';
import {
  applyParamOverride,
  candidateJson,
  formatStages,
  hypothesisJson,
  type JointPipeline,
  parseStages,
  type TranscriptionResult,
} from '@ctcbias/pipeline';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerStreamRoute } from './stream-route.js';

/** Request limits of {@link createServer}; every one is a 4xx with a message when exceeded. */
export interface ServerLimits {
  /** Largest request body (bytes). Default 32 MiB. */
  readonly bodyBytes?: number;
  /** Longest audio (seconds). Default 600. */
  readonly audioSeconds?: number;
  /** Most entries in one list. Default 10,000. */
  readonly listEntries?: number;
  /** Most lists stored with `PUT /v1/lists/:id` (least recently used dropped first). Default 1,000. */
  readonly storedLists?: number;
}

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** The loaded joint model; a request may enable any subset of its stages. */
  readonly pipeline: JointPipeline;
  readonly limits?: ServerLimits;
  /** Fastify's logger (default off). */
  readonly logger?: boolean;
}

/** A stored list: the parsed list and the content hash of its text. */
interface StoredList {
  readonly list: BiasingList;
  readonly hash: string;
}

/** The HTTP error a failure becomes: 4xx for bad input, 500 for the rest. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const LIST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const AUDIO_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'application/octet-stream'];

/**
 * The ctcbias HTTP API over one loaded pipeline (models loaded once, shared by every request):
 *
 * - `GET /v1/health` → `{ status, stages, sampleRate, lists }`
 * - `PUT /v1/lists/:id` (text in the list-file format) → `{ id, entries, hash }`; `GET`, `DELETE`
 * - `POST /v1/transcribe` — the WAV as the body (`audio/wav`) with `?listId=ID&stages=…&threshold=…`,
 *   or `multipart/form-data` with fields `audio` (file), `list` (list text) or `listId`, `stages`,
 *   `threshold` → the transcript with words (times, confidences), candidates (kept or dropped,
 *   with evidence) and the score breakdown.
 * - `GET /v1/stream` (WebSocket): live 16-bit PCM in, final segments and partials out (see
 *   `registerStreamRoute`).
 *
 * ```ts
 * const server = createServer({ pipeline: await createPipeline({ stages: 'all' }) });
 * await server.listen({ port: 8080, host: '127.0.0.1' });
 * // curl -X PUT --data-binary @names.txt -H 'content-type: text/plain' :8080/v1/lists/names
 * // curl --data-binary @call.wav -H 'content-type: audio/wav' ':8080/v1/transcribe?listId=names'
 * ```
 *
 * Bad requests get a 4xx and `{ error: { code, message } }`: 400 for a bad WAV, list, stage name or
 * parameter, 404 for an unknown list id, 413 when a limit is exceeded, 415 for another body type.
 */
export function createServer(options: ServerOptions): FastifyInstance {
  const { pipeline } = options;
  const limits = {
    bodyBytes: options.limits?.bodyBytes ?? 32 << 20,
    audioSeconds: options.limits?.audioSeconds ?? 600,
    listEntries: options.limits?.listEntries ?? 10_000,
    storedLists: options.limits?.storedLists ?? 1_000,
  };
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: limits.bodyBytes });
  app.register(multipart, { limits: { fileSize: limits.bodyBytes, files: 1, fields: 8 } });
  app.register(websocket, { options: { maxPayload: limits.bodyBytes } });
  app.addContentTypeParser(AUDIO_TYPES, { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  const lists = new Map<string, StoredList>();
  const sampleRate = pipeline.components.encoder.sampleRate;

  const parseList = (text: string, name: string): BiasingList => {
    const list = parseBiasingList(text, name);
    if (list.entries.length > limits.listEntries) {
      throw new HttpError(
        413,
        'LIST_TOO_BIG',
        `${name} has ${list.entries.length} entries; this server takes at most ${limits.listEntries}`,
      );
    }
    return list;
  };
  const storedList = (id: string): BiasingList => {
    const stored = lists.get(id);
    if (stored === undefined)
      throw new HttpError(404, 'NOT_FOUND', `no list "${id}" (PUT /v1/lists/${id} first)`);
    lists.delete(id);
    lists.set(id, stored); // most recently used last
    return stored.list;
  };

  app.setErrorHandler((error, _request, reply) => sendError(reply, error));
  app.register(async (scoped) =>
    registerStreamRoute(scoped, {
      pipelineFor: (fields) => requestPipeline(pipeline, fields),
      storedList,
      parseList,
      audioSeconds: limits.audioSeconds,
    }),
  );

  app.get('/v1/health', async () => ({
    status: 'ok',
    stages: pipeline.stages,
    sampleRate,
    lists: lists.size,
  }));

  app.put<{ Params: { id: string }; Body: unknown }>('/v1/lists/:id', async (request, reply) => {
    const { id } = request.params;
    if (!LIST_ID.test(id)) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        'a list id is 1–64 letters, digits, ".", "_" or "-"',
      );
    }
    if (typeof request.body !== 'string') {
      throw new HttpError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'send the list as text/plain (the list-file format)',
      );
    }
    const list = parseList(request.body, `list "${id}"`);
    const prepared = pipeline.prepareList(list); // prepared once; cached by content
    const hash = fnv1a64Hex(request.body);
    const existed = lists.delete(id);
    lists.set(id, { list, hash });
    while (lists.size > limits.storedLists) lists.delete(lists.keys().next().value as string);
    return reply.code(existed ? 200 : 201).send({
      id,
      entries: list.entries.length,
      skipped: prepared.skipped,
      hash,
    });
  });

  app.get<{ Params: { id: string } }>('/v1/lists/:id', async (request) => {
    const list = storedList(request.params.id);
    return { id: request.params.id, entries: list.entries.map((e) => e.text) };
  });

  app.delete<{ Params: { id: string } }>('/v1/lists/:id', async (request, reply) => {
    storedList(request.params.id);
    lists.delete(request.params.id);
    return reply.code(204).send();
  });

  app.post<{ Querystring: Record<string, string | undefined> }>(
    '/v1/transcribe',
    async (request) => {
      const t0 = performance.now();
      const fields: Record<string, string | undefined> = { ...request.query };
      let audio: Uint8Array | undefined;
      if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'audio') {
              throw new HttpError(
                400,
                'INVALID_ARGUMENT',
                `unexpected file field "${part.fieldname}" (send "audio")`,
              );
            }
            audio = await part.toBuffer();
            if (part.file.truncated) {
              throw new HttpError(
                413,
                'TOO_LARGE',
                `audio is larger than ${limits.bodyBytes} bytes`,
              );
            }
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
      } else if (Buffer.isBuffer(request.body)) {
        audio = request.body;
      } else {
        throw new HttpError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'send the WAV as the body (content-type audio/wav) or as multipart/form-data field "audio"',
        );
      }
      if (audio === undefined || audio.length === 0) {
        throw new HttpError(400, 'INVALID_ARGUMENT', 'no audio in the request');
      }
      const wav = decodeWav(audio, 'the audio', { sampleRate });
      const seconds = wav.samples.length / sampleRate;
      if (seconds > limits.audioSeconds) {
        throw new HttpError(
          413,
          'AUDIO_TOO_LONG',
          `the audio is ${seconds.toFixed(1)} s; this server takes at most ${limits.audioSeconds} s`,
        );
      }
      if (!request.isMultipart() && fields.list !== undefined) {
        throw new HttpError(
          400,
          'INVALID_ARGUMENT',
          'with the WAV as the body, name a stored list: ?listId=ID',
        );
      }
      if (fields.list !== undefined && fields.listId !== undefined) {
        throw new HttpError(
          400,
          'INVALID_ARGUMENT',
          'give the list inline ("list") or by id ("listId"), not both',
        );
      }
      const list =
        fields.listId !== undefined
          ? storedList(fields.listId)
          : fields.list !== undefined
            ? parseList(fields.list, "the request's list")
            : undefined;
      const run = requestPipeline(pipeline, fields);
      const r = await run.transcribe(wav.samples, list ?? []);
      return resultJson(r, performance.now() - t0);
    },
  );

  return app;
}

/** The pipeline with the request's stage set and acceptance parameters (all loaded ones by default). */
function requestPipeline(
  pipeline: JointPipeline,
  fields: Record<string, string | undefined>,
): JointPipeline {
  let stages = pipeline.stages;
  if (fields.stages !== undefined) {
    stages = parseStages(fields.stages, pipeline.registry);
    const missing = stages.filter((s) => !pipeline.stages.includes(s));
    if (missing.length > 0) {
      throw new HttpError(
        400,
        'INVALID_ARGUMENT',
        `stage ${missing.join(', ')} is not loaded on this server (loaded: ${formatStages(pipeline.stages, ',', pipeline.registry)})`,
      );
    }
  }
  let params = pipeline.params;
  for (const knob of ['threshold', 'margin'] as const) {
    const value = fields[knob];
    if (value !== undefined)
      params = applyParamOverride(params, `accept.${knob}=${value}`, pipeline.registry);
  }
  return stages === pipeline.stages && params === pipeline.params
    ? pipeline
    : pipeline.withStages(stages, params);
}

/** The response body: the library's result in JSON (the CLI's `--json` shape), times in seconds. */
function resultJson(r: TranscriptionResult, ms: number) {
  const shift = r.posteriors.frameShiftSec;
  return {
    ...hypothesisJson(r.best, shift, (entry) => r.list.entries[entry]?.text),
    candidates: r.candidates.map((c) => candidateJson(c, shift)),
    unbiased: r.unbiased.text,
    stages: r.stages,
    ms: Number(ms.toFixed(1)),
  };
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof HttpError) {
    return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  }
  if (isCtcBiasError(error)) {
    const e = error as CtcBiasError;
    const status =
      e.code === 'NOT_FOUND' ? 404 : e.code === 'INTERNAL' || e.code === 'IO_ERROR' ? 500 : 400;
    return reply.code(status).send({ error: { code: e.code, message: e.message } });
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply.code(status).send({
      error: {
        code: fastifyError.code ?? 'BAD_REQUEST',
        message: fastifyError.message ?? 'bad request',
      },
    });
  }
  reply.log.error(error);
  return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
}
