#!/usr/bin/env node
import { runDecodeCli } from './cli.js';

process.exitCode = await runDecodeCli(process.argv.slice(2));
