#!/usr/bin/env node
/** Entry point of the `ctcbias` command (`pnpm ctcbias <command>` from the repo root). */
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2));
