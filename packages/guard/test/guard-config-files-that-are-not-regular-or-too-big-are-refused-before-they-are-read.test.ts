import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, type ConfigIssue } from '@krakenkit/core';
import { MAX_CONFIG_BYTES } from '@krakenkit/core/files';
import { describe, expect, it } from 'vitest';
import { loadGuardConfig } from '../src/config/load.js';

// FIFOs and /dev/zero exist on Linux (and FIFOs on macOS); the CI and the dev container are Linux.
const unix = process.platform === 'linux';

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'guard-files-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function fifo(path: string): string {
  execFileSync('mkfifo', ['-m', '600', path]);
  return path;
}

function issuesOf(run: () => unknown): readonly ConfigIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

const LOAD = pathToFileURL(join(import.meta.dirname, '../src/config/load.ts')).href;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * The issues loadGuardConfig(path) throws, from a child process: a read blocked on a FIFO, or one of /dev/zero,
 * would hang this test's own event loop (or exhaust its memory) instead of failing the test.
 */
function issuesInChild(path: string): Promise<ConfigIssue[]> {
  const script = `import(${JSON.stringify(LOAD)}).then((m) => {
    try { m.loadGuardConfig(${JSON.stringify(path)}); console.log('[]'); }
    catch (e) { console.log(JSON.stringify(e.issues)); }
  });`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=@krakenkit/source', '--import', TSX, '-e', script],
      (error, stdout) => (error === null ? resolve(JSON.parse(stdout) as ConfigIssue[]) : reject(error)),
    );
  });
}

describe.runIf(unix)(
  'guard config files that are not regular or too big are refused before they are read',
  () => {
    it('a FIFO given as the guard file is a ConfigError naming it, instead of waiting for a writer', async () => {
      const path = fifo(join(tempDir(), 'guard.yaml'));
      expect(await issuesInChild(path)).toEqual([
        { path: '', file: path, message: 'cannot read: not a regular file (a FIFO)' },
      ]);
    });

    it('an allowancesFile that is a FIFO is an issue at allowancesFile, placed in the guard file', async () => {
      const dir = tempDir({ 'guard.yaml': 'tier: pro\nallowancesFile: table.yaml\n' });
      fifo(join(dir, 'table.yaml'));
      expect(await issuesInChild(join(dir, 'guard.yaml'))).toEqual([
        {
          path: 'allowancesFile',
          file: join(dir, 'guard.yaml'),
          line: 2,
          column: 17,
          message: 'cannot read table.yaml: not a regular file (a FIFO)',
        },
      ]);
    });

    it('a tiersFile linked to /dev/zero is refused as a character device, not read for ever', async () => {
      const dir = tempDir({ 'guard.yaml': 'tier: pro\ntiersFile: zero.yaml\n' });
      symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
      expect(await issuesInChild(join(dir, 'guard.yaml'))).toEqual([
        expect.objectContaining({
          path: 'tiersFile',
          message: 'cannot read zero.yaml: not a regular file (a character device)',
        }),
      ]);
    });

    it('a 300 MB guard file is refused by its size and the 1 MiB limit, without reading it', () => {
      const dir = tempDir({ 'guard.yaml': '' });
      // Sparse: the size is there, the disk blocks are not.
      truncateSync(join(dir, 'guard.yaml'), 300 * 1024 * 1024);
      expect(issuesOf(() => loadGuardConfig(join(dir, 'guard.yaml')))).toEqual([
        {
          path: '',
          file: join(dir, 'guard.yaml'),
          message: 'cannot read: 314572800 bytes, 313524224 bytes over the limit of 1048576 bytes (1 MiB)',
        },
      ]);
    });

    it('a table file of exactly the limit is read; one byte more is refused at the field naming it', () => {
      const table = 'currencies:\n  BTC: { allowance: "310" }\n';
      const padded = table + '#'.repeat(MAX_CONFIG_BYTES - Buffer.byteLength(table));
      const dir = tempDir({
        'at.yaml': padded,
        'over.yaml': `${padded}#`,
        'guard-at.yaml': 'tier: pro\nallowancesFile: at.yaml\n',
        'guard-over.yaml': 'tier: pro\nallowancesFile: over.yaml\n',
      });
      expect(loadGuardConfig(join(dir, 'guard-at.yaml')).allowanceTable?.currencies['BTC']?.allowance).toBe(
        '310',
      );
      expect(issuesOf(() => loadGuardConfig(join(dir, 'guard-over.yaml')))).toEqual([
        expect.objectContaining({
          path: 'allowancesFile',
          message: 'cannot read over.yaml: 1048577 bytes, 1 bytes over the limit of 1048576 bytes (1 MiB)',
        }),
      ]);
    });
  },
);
