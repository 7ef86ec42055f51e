/**
 * The output paths are checked by opening them, not only by looking at their directory: an `--audit-log` the
 * process cannot open ran the whole session without writing a line of its audit trail, while the summary named
 * the file; a `--log-file` it cannot open was exit 1 with a bare EACCES and a stack trace at exit; a backtest whose
 * `report.json` could not be written found out after its whole replay (exit 1). Each is a usage error (exit 2)
 * naming the flag, before anything runs. And a backtest refused for its data (exit 2: nothing ran) leaves no empty
 * `--out` directory behind.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');
const BOT = 'examples/backtest/bot.yaml';
const CSV = 'examples/backtest/XBTUSD_1.csv';
const isRoot = process.getuid?.() === 0;

// Attributes the kernel offers read-only: even root cannot open them for writing (its file modes do not bind root).
const READ_ONLY_TO_ROOT = ['/sys/kernel/notes', '/sys/kernel/uevent_seqnum', '/sys/kernel/vmcoreinfo'];

/**
 * An existing regular file this process cannot open for appending: a read-only file of its own, or, for root (whom
 * file modes do not stop), a read-only kernel attribute.
 */
function unopenableFile(name: string): string {
  if (!isRoot) {
    const path = join(tempDir({ [name]: '' }), name);
    chmodSync(path, 0o400);
    return path;
  }
  const path = READ_ONLY_TO_ROOT.find((candidate) => {
    try {
      if (!statSync(candidate).isFile()) return false;
      closeSync(openSync(candidate, 'a'));
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EACCES';
    }
  });
  if (path === undefined)
    throw new Error(`no file root cannot open for writing among ${READ_ONLY_TO_ROOT.join(', ')}`);
  return path;
}

describe('an output file that exists but cannot be opened', () => {
  it('run: an --audit-log that cannot be created in its directory is refused by flag, nothing runs', async () => {
    // /proc exists and, to root, passes a write-access check; no file can be made in it.
    const path = '/proc/krakenkit-audit-nope.jsonl';
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['run', 'config/demo-bot.yaml', '--duration', '1s', '--audit-log', path], io)).toBe(
      EXIT.usage,
    );
    expect(io.err()).toContain(`--audit-log: cannot write ${path}`);
    expect(io.out()).not.toMatch(/placed|PLACED|audit trail/);
  });

  it('run: an existing --audit-log or --log-file this process cannot open is refused by flag with exit 2', async () => {
    for (const [flag, path] of [
      ['--audit-log', unopenableFile('audit.jsonl')],
      ['--log-file', unopenableFile('run.log')],
    ] as const) {
      const io = memoryIo({ cwd: ROOT });
      expect(await runCli(['run', 'config/demo-bot.yaml', '--duration', '1s', flag, path], io)).toBe(
        EXIT.usage,
      );
      expect(io.err()).toContain(`${flag}: cannot write ${path}`);
      expect(io.out()).not.toMatch(/placed|PLACED/);
    }
  });

  it('backtest: a report file --out cannot take is refused before the replay', async () => {
    const out = tempDir();
    mkdirSync(join(out, 'report.json'));
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['backtest', BOT, '--data', CSV, '--out', out], io)).toBe(EXIT.usage);
    expect(io.err()).toContain(`--out: cannot write ${join(out, 'report.json')}: it is a directory`);
    expect(io.err()).not.toContain('replaying');
  });

  it('backtest: data refused with exit 2 leaves no --out directory it made', async () => {
    const dir = tempDir();
    const data = join(dir, 'XBTUSD_1.csv');
    writeFileSync(data, '1767571200,65000.0,65031.7,64973.9,64976.8,2.78143965,49\n1767571260,1,2,3\n');
    const out = join(dir, 'reports', 'run1');
    const io = memoryIo({ cwd: ROOT });
    expect(await runCli(['backtest', BOT, '--data', data, '--out', out], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('XBTUSD_1.csv:2');
    expect(existsSync(join(dir, 'reports'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['XBTUSD_1.csv']);
  });

  it('backtest: an existing --out directory is kept when the data is refused', async () => {
    const out = tempDir({ 'notes.txt': 'mine' });
    const io = memoryIo({ cwd: ROOT });
    const code = await runCli(['backtest', BOT, '--data', CSV, '--out', out, '--from', '2030-01-01'], io);
    expect(code).toBe(EXIT.usage);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });
});
