import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

function krakenkitMock(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@krakenkit/source', '--import', 'tsx', BIN, ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

describe('krakenkit-mock', () => {
  it('--help lists every option and exits 0 without starting a server', async () => {
    const { code, stdout } = await krakenkitMock(['--help']);
    expect(code).toBe(0);
    for (const option of ['--port', '--seed', '--options', '--admin', '--help', 'KRAKENKIT_MOCK_ADMIN_TOKEN'])
      expect(stdout).toContain(option);
    expect(stdout).not.toContain('mock Kraken REST');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port', 'x'], 'invalid --port x'],
    [['--port', '70000'], 'invalid --port 70000'],
  ])('%j exits 2, naming what it could not read and where the options are listed', async (args, message) => {
    const { code, stderr } = await krakenkitMock(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('krakenkit-mock --help');
  });
});
