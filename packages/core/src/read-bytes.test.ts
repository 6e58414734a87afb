import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileBytes } from './node.js';
import { fetchBytes } from './read-bytes.js';

describe('fetchBytes', () => {
  const server = createServer((req, res) => {
    if (req.url === '/models/a/model.json') {
      res.end('{"x":1}');
    } else {
      res.statusCode = req.url === '/boom' ? 500 : 404;
      res.end();
    }
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('resolves paths against the base URL', async () => {
    const bytes = await fetchBytes(`${base}/models/a/`)('model.json');
    expect(new TextDecoder().decode(bytes)).toBe('{"x":1}');
  });

  it('is NOT_FOUND for 404 and IO_ERROR otherwise, naming the URL', async () => {
    await expect(fetchBytes(`${base}/models/a/`)('tokens.json')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      file: `${base}/models/a/tokens.json`,
    });
    await expect(fetchBytes(`${base}/`)('boom')).rejects.toMatchObject({ code: 'IO_ERROR' });
  });
});

describe('fileBytes', () => {
  it('reads files relative to a directory, NOT_FOUND naming the path', async () => {
    const read = fileBytes(import.meta.dirname);
    expect((await read('read-bytes.ts')).length).toBeGreaterThan(100);
    await expect(read('nope.bin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
