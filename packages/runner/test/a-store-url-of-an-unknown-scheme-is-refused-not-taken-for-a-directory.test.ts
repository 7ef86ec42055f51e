import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const PASSWORD = 'hunter2-correct-horse';

describe('a state store URL whose scheme the runner does not know', () => {
  it('--store redsi://… is a usage error naming the scheme, and creates no directory', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    const io = memoryIo({ cwd: dir });
    const code = await runCli(
      ['run', 'bot.yaml', '--duration', '1ms', '--store', `redsi://:${PASSWORD}@db:6379/0`],
      io,
    );
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toMatch(/--store: unknown scheme "redsi:\/\/"/);
    expect(io.err()).not.toContain(PASSWORD);
    // Taken for a path, the typo would have been a local directory: state never shared with the other hosts.
    expect(existsSync(join(dir, 'redsi:'))).toBe(false);
  });

  it('run.store: ftp://… is refused at its file:line:column', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT, '  store: "ftp://state.example"') });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(/bot\.yaml:\d+:\d+: run\.store: unknown scheme "ftp:\/\/"/);
  });
});
