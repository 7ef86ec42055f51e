import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { HELP } from '../src/cli/help.js';
import { runCli } from '../src/cli/run-cli.js';
import { memoryIo } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');
const DOCS = readFileSync(join(ROOT, 'docs/runner.md'), 'utf8');
const MANIFEST = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as {
  repository: { url: string };
  files: string[];
};

// The exit codes docs/runner.md's command table lists for a command (its row starts with `krakenkit <name>`).
function documentedCodes(command: string): number[] {
  const row = DOCS.split('\n').find((line) => line.startsWith(`| \`krakenkit ${command}`));
  if (row === undefined) throw new Error(`no row for ${command} in docs/runner.md`);
  return (row.split('|').at(-2) ?? '').split(',').map((code) => Number(code.trim()));
}

describe('the help and the docs name the exit codes, and a reference an installed CLI can reach', () => {
  it('--help points at docs/runner.md by its URL in the repository package.json names (docs/ is not shipped)', async () => {
    expect(MANIFEST.files).not.toContain('docs');
    const repository = MANIFEST.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(EXIT.ok);
    expect(io.out()).toContain(`Reference: ${repository}/blob/main/docs/runner.md`);
    // Every docs page any help names is named by its URL, never by a path only a clone has.
    for (const text of Object.values(HELP))
      for (const match of text.matchAll(/\S*docs\/[\w-]+\.md/g))
        expect(match[0]).toMatch(new RegExp(`^${repository}/blob/main/docs/`));
  });

  it('mock on a port in use exits 1, and the docs list 1 for mock', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const io = memoryIo();
      expect(await runCli(['mock', '--port', String(port)], io)).toBe(EXIT.failure);
      expect(io.err()).toMatch(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(documentedCodes('mock')).toEqual([EXIT.ok, EXIT.failure, EXIT.usage]);
    expect(documentedCodes('dashboard')).toContain(EXIT.failure);
  });

  it("the docs' exit-code table lists every code the CLI has, and the command table no other", () => {
    const table = DOCS.slice(DOCS.indexOf('### Exit codes'), DOCS.indexOf('### `run`'));
    for (const code of Object.values(EXIT))
      expect(table).toMatch(
        code === EXIT.terminated ? /\b143 for SIGTERM/ : new RegExp(`^\\| ${code} \\|`, 'm'),
      );
    const known = new Set<number>(Object.values(EXIT));
    for (const command of [
      'run',
      'dashboard',
      'validate',
      'mock',
      'keys audit',
      'guard check',
      'backtest',
      'record',
    ])
      for (const code of documentedCodes(command)) expect(known.has(code), `${command}: ${code}`).toBe(true);
  });
});
