import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import ts from 'typescript';
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

/** Every TypeScript file under `dir`, by path. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));
}

/**
 * The text of every string literal and template piece in a source file: what code can show a user. Comments are
 * not in it, so they may keep naming docs/ files for repository readers.
 */
function stringsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const strings: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) strings.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return strings;
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

  it('no string in the runner or the guard names a docs/ path, only its URL in the repository', () => {
    const repository = MANIFEST.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const bare: string[] = [];
    for (const dir of ['packages/runner/src', 'packages/guard/src'])
      for (const file of sourceFiles(join(ROOT, dir)))
        for (const text of stringsOf(file))
          for (const match of text.matchAll(/\S*docs\//g))
            if (!match[0].startsWith(`${repository}/blob/main/`))
              bare.push(`${relative(ROOT, file)}: ${text}`);
    expect(bare).toEqual([]);
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
