#!/usr/bin/env -S tsx --conditions=@ctcbias/source
/**
 * `ctcbias-server [--port 8080] [--host 127.0.0.1] [--stages all] [--model DIR]`: loads the joint
 * model once and serves the HTTP API of `createServer` (see src/server.ts).
 */
import { parseArgs } from 'node:util';
import { isCtcBiasError } from '@ctcbias/core';
import { createPipeline } from '@ctcbias/pipeline/node';
import { createServer } from './server.js';

const USAGE = 'ctcbias-server [--port 8080] [--host 127.0.0.1] [--stages all] [--model DIR]';
const argv = process.argv.slice(2);
let values: { port: string; host: string; stages: string; model?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv, // `pnpm server -- --port 1` passes the `--` on
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      stages: { type: 'string', default: 'all' },
      model: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`ctcbias-server: ${(e as Error).message}\nusage: ${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`ctcbias-server: --port must be a port number, got "${values.port}"`);
  process.exit(2);
}
try {
  const pipeline = await createPipeline({
    stages: values.stages,
    ...(values.model !== undefined ? { modelDir: values.model } : {}),
  });
  const server = createServer({ pipeline, logger: true });
  await server.listen({ port, host: values.host });
} catch (e) {
  console.error(
    `ctcbias-server: ${isCtcBiasError(e) || e instanceof Error ? e.message : String(e)}`,
  );
  process.exit(1);
}
