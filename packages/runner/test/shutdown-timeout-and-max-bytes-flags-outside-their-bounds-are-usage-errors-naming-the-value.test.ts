import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir, waitFor } from './support/memory-io.js';

function headerOf(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '') as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

describe('--shutdown-timeout and --max-bytes outside their bounds are usage errors naming the value', () => {
  it('run --shutdown-timeout takes 1s to 1h, the bounds of run.shutdownTimeout (exit 2 otherwise)', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    for (const bad of ['2h', '3601s', '61m', '999ms']) {
      const io = memoryIo({ cwd: dir });
      expect(await runCli(['run', 'bot.yaml', '--shutdown-timeout', bad], io)).toBe(EXIT.usage);
      expect(io.err()).toContain(
        `--shutdown-timeout: expected a duration from 1s to 1h, e.g. 10s, 1m; got "${bad}"`,
      );
    }
  });

  it('record --max-bytes takes 1k to 500m, what backtest reads of a recording (exit 2 otherwise)', async () => {
    const dir = tempDir();
    for (const bad of ['1g', '501m', '524288001', '1023', '0', '99999999999999999999g']) {
      const io = memoryIo({ cwd: dir });
      const args = ['record', '--pair', 'XBT/USD', '--out', join(dir, 'feed.jsonl'), '--max-bytes', bad];
      expect(await runCli(args, io)).toBe(EXIT.usage);
      expect(io.err()).toContain(
        `--max-bytes: expected a size from 1k to 500m (the most backtest reads), e.g. 50m; got "${bad}"`,
      );
    }
  });

  it('record --max-bytes 500m, the upper bound itself, is taken', async () => {
    const file = join(tempDir(), 'feed.jsonl');
    const io = memoryIo();
    const recording = runCli(['record', '--pair', 'XBT/USD', '--out', file, '--max-bytes', '500m'], io);
    await waitFor(() => headerOf(file) !== undefined, 'the recording header written');
    io.interrupt('SIGINT');
    expect(await recording).toBe(EXIT.interrupted);
    expect(headerOf(file)).toMatchObject({ maxBytes: 500 * 1024 * 1024 });
  });
});
