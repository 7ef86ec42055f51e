/**
 * `--store state.json` (a file, where the state store is a directory) was exit 1, "state store … is unavailable:
 * cannot create the state directory", as if the exchange had failed: it is a usage error (exit 2, nothing started)
 * saying the path is not a directory. And a config path that is the working directory itself was reported with no
 * name at all ("cannot read: not a regular file (a directory)").
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('a store path that is a file, or a config path that is the working directory', () => {
  it('run --store <a file> is a usage error naming the path as not a directory', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    writeFileSync(file, '{}');
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['run', 'config/demo-bot.yaml', '--duration', '1s', '--store', file], io)).toBe(
      EXIT.usage,
    );
    expect(io.err()).toContain(`state directory ${file} is not a directory`);
    expect(io.out()).not.toMatch(/placed|PLACED/);
  });

  it('run --store under a file is a usage error too', async () => {
    const dir = tempDir();
    const file = join(dir, 'afile');
    writeFileSync(file, 'x');
    const io = memoryIo({ cwd: ROOT });
    const store = join(file, 'state');
    expect(await runCli(['run', 'config/demo-bot.yaml', '--duration', '1s', '--store', store], io)).toBe(
      EXIT.usage,
    );
    expect(io.err()).toContain(`state directory ${store}`);
  });

  it('validate <the working directory> names it', async () => {
    const dir = tempDir();
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', dir], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(/ {2}\.: cannot read: not a regular file \(a directory\)/);
  });
});
