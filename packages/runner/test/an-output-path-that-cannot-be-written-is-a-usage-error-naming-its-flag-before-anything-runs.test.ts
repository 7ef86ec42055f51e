/**
 * Every file the runner writes (the log, the audit trail, a recording, a backtest's report) is checked before any
 * work starts: a path under a file, a directory where the file goes, or a directory that cannot be made is a usage
 * error (exit 2) naming the flag and the path. It was a bare `Error: EEXIST` (exit 1) after start-up, a backtest
 * found out only after its whole replay, and under /proc Node's recursive mkdir spun for ever.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');

/** A temp dir holding a plain file `afile`, to put paths under. */
function withFile(): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'afile');
  writeFileSync(file, 'x');
  return { dir, file };
}

describe('an output path that cannot be written', () => {
  it('run: --audit-log and --log-file under a file, or naming a directory, are refused by flag with exit 2', async () => {
    const { dir, file } = withFile();
    for (const [flag, path, why] of [
      ['--audit-log', join(file, 'a.jsonl'), `${file} is not a directory`],
      ['--log-file', join(file, 'run.log'), `${file} is not a directory`],
      ['--log-file', dir, 'it is a directory'],
      ['--audit-log', '/proc/krakenkit-nope/a.jsonl', 'cannot make /proc/krakenkit-nope'],
    ] as const) {
      const io = memoryIo({ cwd: ROOT });
      expect(await runCli(['run', 'config/demo-bot.yaml', '--duration', '1s', flag, path], io)).toBe(
        EXIT.usage,
      );
      expect(io.err()).toContain(`${flag}: cannot write ${path}: ${why}`);
      expect(io.out()).not.toMatch(/placed|PLACED/);
    }
  });

  it('backtest: an --out it cannot write is refused before the replay', async () => {
    const { file } = withFile();
    const io = memoryIo({ cwd: ROOT });
    const out = join(file, 'report');
    const code = await runCli(
      ['backtest', 'examples/backtest/bot.yaml', '--data', 'examples/backtest/XBTUSD_1.csv', '--out', out],
      io,
    );
    expect(code).toBe(EXIT.usage);
    expect(io.err()).toContain(`--out: cannot write ${out}: ${file} is not a directory`);
    expect(io.err()).not.toContain('replaying');
  });

  it('record: an --out under a file is refused before anything connects', async () => {
    const { file } = withFile();
    const io = memoryIo({ cwd: ROOT });
    const out = join(file, 'feed.jsonl');
    expect(await runCli(['record', '--pair', 'XBT/USD', '--out', out, '--duration', '1s'], io)).toBe(
      EXIT.usage,
    );
    expect(io.err()).toContain(`--out: cannot write ${out}: ${file} is not a directory`);
  });

  it('makes the missing directories of a writable path, private to the user', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    const io = memoryIo({ cwd: ROOT });
    const log = join(dir, 'logs', 'deep', 'er', 'run.log');
    expect(await runCli(['run', 'config/demo-bot.yaml', '--duration', '1s', '--log-file', log], io)).toBe(
      EXIT.ok,
    );
    expect(statSync(join(dir, 'logs', 'deep')).mode & 0o777).toBe(0o700);
    expect(statSync(log).isFile()).toBe(true);
  });
});
