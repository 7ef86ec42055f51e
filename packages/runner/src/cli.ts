#!/usr/bin/env node
/**
 * The `krakenkit` executable: the `@krakenkit/runner/cli` entry's `runCli` on the real process. Runs from the
 * build (`node packages/runner/dist/cli.js`) or from source
 * (`node --conditions=@krakenkit/source --import tsx packages/runner/src/cli.ts`).
 */
import { processIo, runCli } from './cli/index.js';

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
// Everything is closed by now; a handle a dependency left open must not keep the process alive.
setTimeout(() => process.exit(code), 2_000).unref();
