/**
 * `--live` says "trade real money". On a config whose exchange is the embedded mock (paper), `run --live` used to
 * start a paper session anyway: the user believed they were trading live. It is a usage error (exit 2) naming the
 * setting to change; nothing starts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('run --live on a paper config', () => {
  it('is refused with exit 2 before anything starts, naming exchange.kind', async () => {
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['run', 'config/demo-bot.yaml', '--live', '--duration', '1s'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain(
      '--live: the config trades on the embedded mock exchange (exchange.kind: mock)',
    );
    expect(io.out()).not.toMatch(/started/);
  });
});
