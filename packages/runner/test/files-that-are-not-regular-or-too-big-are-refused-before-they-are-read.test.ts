import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@krakenkit/client';
import { MAX_CONFIG_BYTES, readBoundedFile, UnreadableFileError } from '@krakenkit/core/files';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadBotConfig } from '../src/index.js';
import { spawnCli } from './support/cli-process.js';
import { GRID_BOT, paperConfig } from './support/configs.js';
import { memoryIo, tempDir } from './support/memory-io.js';

// FIFOs, /dev/zero and /proc exist on Linux (and FIFOs on macOS); the CI and the dev container are Linux.
const unix = process.platform === 'linux';

function fifo(path: string): string {
  execFileSync('mkfifo', ['-m', '600', path]);
  return path;
}

// A live config whose secret comes from a file; the exchange (port 9, the discard port) is never reached.
function liveConfig(): string {
  return `exchange: { kind: kraken, restUrl: "http://127.0.0.1:9" }
account: { tier: intermediate }
keys:
  trader:
    apiKey: { file: secrets/api.key }
    secret: { file: secrets/api.secret }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
    ipAllowlist: [203.0.113.10/32]
bots:
  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
`;
}

describe.runIf(unix)('files that are not regular or too big are refused before they are read', () => {
  it('validate refuses a FIFO given as the bot file (exit 2, naming it) instead of waiting for a writer', async () => {
    const dir = tempDir();
    fifo(join(dir, 'bot.yaml'));
    // A child process: a read blocked on the FIFO would hang this test's own event loop.
    const cli = spawnCli(['validate', 'bot.yaml'], {}, { cwd: dir });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.err()).toMatch(/bot\.yaml: cannot read: not a regular file \(a FIFO\)/);
  });

  it('validate refuses a symlink to /dev/zero (exit 2) instead of reading it for ever', async () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', join(dir, 'z.yaml'));
    const cli = spawnCli(['validate', 'z.yaml'], {}, { cwd: dir });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.err()).toMatch(/z\.yaml: cannot read: not a regular file \(a character device\)/);
  });

  it('validate refuses a 300 MB bot file by its size and the 1 MiB limit, without reading it', async () => {
    const dir = tempDir({ 'big.yaml': '' });
    // Sparse: the size is there, the disk blocks are not.
    truncateSync(join(dir, 'big.yaml'), 300 * 1024 * 1024);
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'big.yaml'], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /big\.yaml: cannot read: 314572800 bytes, 313524224 bytes over the limit of 1048576 bytes \(1 MiB\)/,
    );
  });

  it('a bot file of exactly the limit is read; one byte more is refused', () => {
    const body = paperConfig(GRID_BOT);
    const dir = tempDir({
      'at.yaml': body + '#'.repeat(MAX_CONFIG_BYTES - Buffer.byteLength(body)),
      'over.yaml': `${body}${'#'.repeat(MAX_CONFIG_BYTES - Buffer.byteLength(body))}#`,
    });
    expect(loadBotConfig('at.yaml', { cwd: dir }).bots).toHaveLength(1);
    expect(() => loadBotConfig('over.yaml', { cwd: dir })).toThrow(/1 bytes over the limit of 1048576 bytes/);
  });

  it('a keysFile that is a FIFO is a config error at keysFile, naming the file', () => {
    const dir = tempDir({
      'bot.yaml': paperConfig(GRID_BOT).replace(/keys:\n {2}trader:\n.*\n.*\n/, 'keysFile: keys.yaml\n'),
    });
    fifo(join(dir, 'keys.yaml'));
    let error: unknown;
    try {
      loadBotConfig('bot.yaml', { cwd: dir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toContainEqual(
      expect.objectContaining({
        path: 'keysFile',
        file: 'bot.yaml',
        message: 'cannot read keys.yaml: not a regular file (a FIFO)',
      }),
    );
  });

  it('run --live refuses a secret file that is a FIFO (exit 2) instead of hanging past SIGTERM', async () => {
    const dir = tempDir({ 'bot.yaml': liveConfig() });
    mkdirSync(join(dir, 'secrets'), { mode: 0o700 });
    writeFileSync(join(dir, 'secrets/api.key'), 'live-key\n', { mode: 0o600 });
    fifo(join(dir, 'secrets/api.secret'));
    const cli = spawnCli(['run', 'bot.yaml', '--live', '--store', 'memory'], {}, { cwd: dir });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.err()).toMatch(
      /keys\.trader\.secret: cannot read credential file secrets\/api\.secret: not a regular file \(a FIFO\)/,
    );
  });

  it('a secret file over 64 KiB is refused by its size, never echoed', async () => {
    const dir = tempDir({ 'bot.yaml': liveConfig() });
    mkdirSync(join(dir, 'secrets'), { mode: 0o700 });
    writeFileSync(join(dir, 'secrets/api.key'), 'live-key\n', { mode: 0o600 });
    const secret = randomBytes(48 * 1024 + 3).toString('base64');
    writeFileSync(join(dir, 'secrets/api.secret'), secret, { mode: 0o600 });
    chmodSync(join(dir, 'secrets/api.secret'), 0o600);
    // validate (pairs checked on the embedded mock) lists the credentials `run` will need and cannot read.
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'bot.yaml'], io)).toBe(EXIT.ok);
    expect(io.out()).toMatch(
      /keys\.trader\.secret: cannot read credential file secrets\/api\.secret: 65540 bytes, 4 bytes over the limit of 65536 bytes \(64 KiB\)/,
    );
    expect(io.out() + io.err()).not.toContain(secret.slice(0, 32));
  });

  it('backtest refuses a FIFO given as --data (exit 2, naming it) instead of blocking', async () => {
    const dir = tempDir({ 'bot.yaml': paperConfig(GRID_BOT) });
    fifo(join(dir, 'XBTUSD_1.csv'));
    const cli = spawnCli(['backtest', 'bot.yaml', '--data', 'XBTUSD_1.csv'], {}, { cwd: dir });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.err()).toMatch(/XBTUSD_1\.csv: cannot be read \(not a regular file \(a FIFO\)\)/);
  });

  it('a file that holds more than its stat said is refused once the read passes the limit', () => {
    // /proc files stat as 0 bytes and read as more: as a file that grew between the stat and the read.
    let error: unknown;
    try {
      readBoundedFile('/proc/self/status', 100);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect(error).toMatchObject({
      code: 'EFBIG',
      message: 'it grew past the limit of 100 bytes (0.1 KiB) while being read',
    });
  });
});
