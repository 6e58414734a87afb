/** `pnpm demo` entry point. */
import { runDemo } from './run-demo.js';

process.exitCode = await runDemo({ stdout: process.stdout, stderr: process.stderr });
