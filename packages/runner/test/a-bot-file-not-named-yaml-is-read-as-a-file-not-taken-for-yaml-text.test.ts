import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, runCli } from '@krakenkit/runner/cli';
import { describe, expect, it } from 'vitest';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// The command line names a file, whatever its name ends with: its argument is never YAML text.
describe('a bot file whose name does not end in .yaml', () => {
  it('validate and keys audit read it as the file it names', async () => {
    const dir = tempDir({ 'bot.conf': paperConfig(GRID_BOT) });
    const validate = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.conf'], validate)).toBe(EXIT.ok);
    expect(validate.out()).toMatch(/^bot\.conf: valid/);
    const audit = memoryIo({ cwd: dir });
    expect(await runCli(['keys', 'audit', 'bot.conf'], audit)).toBe(EXIT.ok);
    expect(audit.out()).toMatch(/1 key\(s\) audited: no errors/);
  });

  it('a missing file or a directory is an error naming it (exit 2)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'bots'));
    for (const name of ['missing.conf', 'bots']) {
      const io = memoryIo({ cwd: dir });
      expect(await runCli(['validate', name], io)).toBe(EXIT.usage);
      expect(io.err()).toMatch(new RegExp(`^1 problem in the config:\\n {2}${name}: cannot read: `));
    }
  });
});
