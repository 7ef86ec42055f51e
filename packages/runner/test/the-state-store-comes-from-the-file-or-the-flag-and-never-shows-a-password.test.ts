import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { parseStoreSpec, redactUrl } from '../src/state/store-spec.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const PASSWORD = 'hunter2-correct-horse';

describe('the state store of a run', () => {
  it('run.store is validated with file:line:column, and a bad Redis URL is described, never echoed', async () => {
    const dir = tempDir({
      'number.yaml': paperConfig(GRID_BOT, '  store: 12'),
      'redis.yaml': paperConfig(GRID_BOT, `  store: "redis://:${PASSWORD}@/0"`),
    });
    const number = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'number.yaml'], number)).toBe(EXIT.usage);
    expect(number.err()).toMatch(/number\.yaml:\d+:\d+: run\.store: /);
    const redis = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'redis.yaml'], redis)).toBe(EXIT.usage);
    expect(redis.err()).toMatch(
      /redis\.yaml:\d+:\d+: run\.store: not a valid redis:\/\/ URL \(it is not shown/,
    );
    expect(redis.err()).not.toContain(PASSWORD);
  });

  it('--store wins over run.store; a store that cannot be reached is named without its password', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT, '  store: memory') });
    const io = memoryIo({ cwd: dir });
    // Nothing listens on port 1: the run fails before anything starts, and says where without the password.
    const code = await runCli(
      ['run', 'bot.yaml', '--duration', '1ms', '--store', `redis://:${PASSWORD}@127.0.0.1:1/0`],
      io,
    );
    expect(code).not.toBe(EXIT.ok);
    expect(io.err()).toMatch(/127\.0\.0\.1:1/);
    expect(`${io.out()}${io.err()}`).not.toContain(PASSWORD);
    const bad = memoryIo({ cwd: dir });
    expect(await runCli(['run', 'bot.yaml', '--store', `redis://:${PASSWORD}@/0`], bad)).toBe(EXIT.usage);
    expect(bad.err()).toMatch(/--store: not a valid redis:\/\/ URL/);
    expect(bad.err()).not.toContain(PASSWORD);
  });

  it('says where the state is kept: run.store relative to the file, printed without a password', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT, '  store: memory') });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['run', 'bot.yaml', '--duration', '1ms', '--status', 'plain'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(
      /started 1 bot\(s\) on the embedded mock exchange at http:\/\/127\.0\.0\.1:\d+; state in memory/,
    );
    expect(parseStoreSpec('state', join(dir, 'config'))).toEqual({
      kind: 'file',
      directory: join(dir, 'config', 'state'),
    });
    expect(redactUrl(`redis://admin:${PASSWORD}@db:6379/0`)).toBe('redis://***@db:6379/0');
  });
});
