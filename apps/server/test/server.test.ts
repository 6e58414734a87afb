import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseBiasingList } from '@ctcbias/core';
import { decodeWav } from '@ctcbias/encoder';
import type { JointPipeline } from '@ctcbias/pipeline';
import { createPipeline, defaultModelEmbedded } from '@ctcbias/pipeline/node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { WebSocket } from 'ws';
import { createServer } from '../src/server.js';

/** The parts of a transcript response the tests read. */
interface Transcript {
  text: string;
  stages: string[];
  unbiased: string;
  words: { text: string; confidence?: number; entry?: number; entryText?: string }[];
  candidates: { text: string; accepted: boolean; reason: string }[];
}

const { WaveFile } = wavefile;
const SAMPLES = join(import.meta.dirname, '..', '..', 'demo', 'samples');
const WAV = readFileSync(join(SAMPLES, 'entity_dev-00000.wav'));
const LIST = readFileSync(join(SAMPLES, 'list.txt'), 'utf8');

describe.skipIf(!defaultModelEmbedded())(
  'the HTTP server (real listening server, embedded model)',
  () => {
    let server: FastifyInstance;
    let base = '';
    let pipeline: JointPipeline;

    beforeAll(async () => {
      pipeline = await createPipeline({ stages: 'all' });
      server = createServer({
        pipeline,
        limits: { bodyBytes: 400_000, audioSeconds: 30, listEntries: 50, storedLists: 2 },
      });
      await server.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    }, 60_000);
    afterAll(() => server?.close());

    const post = (path: string, body: string | Uint8Array | FormData, type?: string) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        body,
        ...(type ? { headers: { 'content-type': type } } : {}),
      });
    const putList = (id: string, text: string) =>
      fetch(`${base}/v1/lists/${id}`, {
        method: 'PUT',
        body: text,
        headers: { 'content-type': 'text/plain' },
      });

    it('says it is up, with its stages', async () => {
      const r = await fetch(`${base}/v1/health`);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({
        status: 'ok',
        sampleRate: 16000,
        stages: pipeline.stages,
      });
    });

    it('transcribes a WAV with a stored list, as the library does', async () => {
      const put = await putList('names', LIST);
      expect(put.status).toBe(201);
      expect(await put.json()).toMatchObject({ id: 'names', entries: 20 });
      expect((await putList('names', LIST)).status).toBe(200); // replaced
      const r = await post('/v1/transcribe?listId=names', WAV, 'audio/wav');
      expect(r.status).toBe(200);
      const j = (await r.json()) as Transcript;
      const library = await pipeline.transcribe(
        join(SAMPLES, 'entity_dev-00000.wav'),
        parseBiasingList(LIST, 'list.txt'),
      );
      expect(j.text).toBe(library.text);
      expect(j.text).toBe('let me know when simila gets here');
      expect(j.words[4]).toMatchObject({ text: 'simila', entryText: 'simila' });
      expect(j.words[4]?.confidence).toBeGreaterThan(0);
      expect(j.candidates[0]).toMatchObject({ text: 'simila', accepted: true, reason: 'evidence' });
      expect(j.unbiased).not.toContain('simila');
    }, 60_000);

    it('takes multipart with an inline list, and the stage set and threshold per request', async () => {
      const form = new FormData();
      form.append('audio', new Blob([WAV], { type: 'audio/wav' }), 'call.wav');
      form.append('list', 'simila\nwetaskiwin');
      form.append('stages', 'boost,lm');
      form.append('threshold', 'inf');
      const r = await post('/v1/transcribe', form);
      expect(r.status).toBe(200);
      const j = (await r.json()) as Transcript;
      expect(j.stages).toEqual(['boost', 'lm']);
      expect(j.text).toContain('simila');
      // no list, no stages: plain decoding
      const plain = await post('/v1/transcribe?stages=none', WAV, 'audio/wav');
      expect(((await plain.json()) as Transcript).text).toBe('let me know when similgets here');
    }, 60_000);

    it('gives every bad request a 4xx naming the problem, and keeps serving', async () => {
      const cases: [Promise<Response>, number, string][] = [
        [
          post('/v1/transcribe', new TextEncoder().encode('not a wav at all'), 'audio/wav'),
          400,
          'WAV_ERROR',
        ],
        [post('/v1/transcribe?listId=nope', WAV, 'audio/wav'), 404, 'no list "nope"'],
        [post('/v1/transcribe?stages=boost,turbo', WAV, 'audio/wav'), 400, 'turbo'],
        [post('/v1/transcribe?threshold=abc', WAV, 'audio/wav'), 400, 'accept.threshold'],
        [post('/v1/transcribe?list=x', WAV, 'audio/wav'), 400, '?listId=ID'],
        [
          post('/v1/transcribe', JSON.stringify({ audio: 1 }), 'application/json'),
          415,
          'audio/wav',
        ],
        [
          post('/v1/transcribe', new Uint8Array(500_000), 'audio/wav'),
          413,
          'FST_ERR_CTP_BODY_TOO_LARGE',
        ],
        [
          putList('big', Array.from({ length: 51 }, (_, i) => `name${i}`).join('\n')),
          413,
          'at most 50',
        ],
        [putList('bad%20id', 'x'), 400, 'a list id is'],
        [putList('bad', 'kate :abc'), 400, 'list "bad":1: bad weight'],
      ];
      for (const [response, status, text] of cases) {
        const r = await response;
        const { error } = (await r.json()) as { error: { code: string; message: string } };
        expect([r.status, `${error.code}: ${error.message}`]).toEqual([
          status,
          expect.stringContaining(text),
        ]);
      }
      // a long recording: 40 s of silence (at 4 kHz, so the body is under the size limit)
      const silence = wavOf(new Int16Array(4000 * 40), 4000);
      const long = await post('/v1/transcribe', silence, 'audio/wav');
      expect(long.status).toBe(413);
      expect(await long.text()).toContain('at most 30 s');
      expect((await fetch(`${base}/v1/health`)).status).toBe(200);
    }, 60_000);

    it('stores at most storedLists lists, dropping the least recently used', async () => {
      await putList('a', 'alpha');
      await putList('b', 'bravo');
      await fetch(`${base}/v1/lists/a`); // a used: b is now the oldest
      await putList('c', 'charlie');
      expect((await fetch(`${base}/v1/lists/b`)).status).toBe(404);
      expect(await (await fetch(`${base}/v1/lists/a`)).json()).toEqual({
        id: 'a',
        entries: ['alpha'],
      });
      expect((await fetch(`${base}/v1/lists/c`, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(`${base}/v1/lists/c`)).status).toBe(404);
    });

    /** Opens /v1/stream, runs `script` on the open socket, collects the replies until it closes. */
    const streamSession = (query: string, script: (ws: WebSocket) => void) =>
      new Promise<{ messages: { type: string; [k: string]: unknown }[]; code: number }>(
        (done, fail) => {
          const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/stream${query}`);
          const messages: { type: string }[] = [];
          ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
          ws.on('open', () => script(ws));
          ws.on('close', (code) => done({ messages, code }));
          ws.on('error', fail);
        },
      );

    it('streams: PCM in, a final segment with the entity, then done', async () => {
      await putList('names', LIST);
      const wav = decodeWav(WAV, 'call.wav', { sampleRate: 16000 }).samples;
      const audio = new Float32Array(wav.length + 16000); // a second of silence after it
      audio.set(wav);
      const pcm = Int16Array.from(audio, (x) =>
        Math.max(-32768, Math.min(32767, Math.round(x * 32767))),
      );
      const { messages, code } = await streamSession('?listId=names', (ws) => {
        for (let i = 0; i < pcm.length; i += 4000)
          ws.send(Buffer.from(pcm.slice(i, i + 4000).buffer));
        ws.send('end');
      });
      expect(code).toBe(1000);
      const finals = messages.filter((m) => m.type === 'final');
      expect(finals.map((m) => m.text).join(' ')).toContain('simila');
      expect(messages.at(-1)).toMatchObject({ type: 'done', seconds: audio.length / 16000 });
    }, 60_000);

    it('streams: a bad request or message is an error message, then the socket closes', async () => {
      const bad = await streamSession('?stages=turbo', () => {});
      expect(bad.messages[0]).toMatchObject({ type: 'error' });
      expect(String(bad.messages[0]?.message)).toContain('turbo');
      const odd = await streamSession('', (ws) => ws.send(Buffer.from([1, 2, 3])));
      expect(odd.messages[0]).toMatchObject({
        type: 'error',
        message: expect.stringContaining('16-bit PCM'),
      });
      expect(odd.code).toBe(1008);
    }, 30_000);
  },
);

/** A mono 16-bit WAV of `samples` (written by wavefile). */
function wavOf(samples: Int16Array, rate: number): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(1, rate, '16', samples);
  return wav.toBuffer();
}
