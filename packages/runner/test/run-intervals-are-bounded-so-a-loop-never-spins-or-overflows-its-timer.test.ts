import { ConfigError, type ConfigIssue } from '@krakenkit/client';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadBotConfig } from '../src/index.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// The test config's run section holds `pollInterval: 200ms` and `deadManSwitch: { timeout: 60s, refresh: 20s }`.
function withRun(replace: string, by: string): string {
  const yaml = paperConfig(GRID_BOT);
  expect(yaml).toContain(replace);
  return yaml.replace(replace, by);
}

function issuesOf(yaml: string): ConfigIssue[] {
  try {
    loadBotConfig(yaml, { file: 'bot.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  return [];
}

describe('run intervals are bounded so a loop never spins or overflows its timer', () => {
  it('validate refuses pollInterval 0ms with exit 2, naming the field, the bounds and the value', async () => {
    const dir = tempDir({ 'bot.yaml': withRun('pollInterval: 200ms', 'pollInterval: 0ms') });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /bot\.yaml:\d+:\d+: run\.pollInterval: pollInterval must be from 100ms to 1h, got 0ms/,
    );
  });

  it('takes pollInterval from 100ms to 1h and refuses either side', () => {
    for (const ok of ['100ms', '1h'])
      expect(issuesOf(withRun('pollInterval: 200ms', `pollInterval: ${ok}`))).toEqual([]);
    expect(issuesOf(withRun('pollInterval: 200ms', 'pollInterval: 99ms'))).toEqual([
      expect.objectContaining({
        path: 'run.pollInterval',
        line: 10,
        message: expect.stringMatching(/got 99ms/),
      }),
    ]);
    // Past 2^31 - 1 ms Node fires a timer at once: 600h would poll every millisecond.
    expect(issuesOf(withRun('pollInterval: 200ms', 'pollInterval: 600h'))).toEqual([
      expect.objectContaining({ path: 'run.pollInterval', message: expect.stringMatching(/got 600h/) }),
    ]);
  });

  it("bounds the dead man's switch refresh, reconcileInterval and shutdownTimeout the same way", () => {
    expect(issuesOf(withRun('refresh: 20s', 'refresh: 0ms'))).toEqual([
      expect.objectContaining({
        path: 'run.deadManSwitch.refresh',
        message: 'refresh must be from 100ms to 1h, got 0ms',
      }),
    ]);
    const reconcile = (value: string) =>
      issuesOf(withRun('pollInterval: 200ms', `pollInterval: 200ms\n  reconcileInterval: ${value}`));
    expect(reconcile('0s')).toEqual([]);
    expect(reconcile('1s')).toEqual([]);
    expect(reconcile('500ms')).toEqual([
      expect.objectContaining({
        path: 'run.reconcileInterval',
        message: 'reconcileInterval must be 0s (off) or from 1s to 24h, got 500ms',
      }),
    ]);
    const shutdown = (value: string) =>
      issuesOf(withRun('pollInterval: 200ms', `pollInterval: 200ms\n  shutdownTimeout: ${value}`));
    expect(shutdown('1s')).toEqual([]);
    expect(shutdown('999ms')).toEqual([
      expect.objectContaining({
        path: 'run.shutdownTimeout',
        message: 'shutdownTimeout must be from 1s to 1h, got 999ms',
      }),
    ]);
    expect(shutdown('2h')).toEqual([
      expect.objectContaining({ message: 'shutdownTimeout must be from 1s to 1h, got 2h' }),
    ]);
  });
});
