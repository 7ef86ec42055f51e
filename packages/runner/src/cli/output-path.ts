import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import { UsageError } from './common.js';

/**
 * Makes sure a file (or, with `kind: 'directory'`, a directory) the runner will write can be written, before any
 * work starts: the missing directories on its way are made (0700, one by one), and a path that cannot be written
 * (a file where a directory must be, a directory where the file goes, no write permission) is a UsageError naming
 * the flag or config field. Without this a backtest ran its whole replay before failing on `--out`, and a bad
 * `--audit-log` surfaced as a bare EEXIST (or, under /proc, Node's recursive mkdir spun for ever).
 */
export function prepareOutputPath(
  path: string,
  label: string,
  command: string,
  kind: 'file' | 'directory' = 'file',
): void {
  const refuse = (why: string) => {
    throw new UsageError(`${label}: cannot write ${path}: ${why}`, command);
  };
  const existing = kindOf(path);
  if (existing === 'directory' && kind === 'file') refuse('it is a directory');
  if (existing === 'other' && kind === 'directory') refuse('it is not a directory');
  const missing: string[] = [];
  let parent = kind === 'directory' && existing === 'missing' ? path : dirname(path);
  for (;;) {
    const found = kindOf(parent);
    if (found === 'directory') break;
    if (found === 'other') refuse(`${parent} is not a directory`);
    missing.unshift(parent);
    if (parent === parse(parent).root) break;
    parent = dirname(parent);
  }
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    refuse(`${parent} is not writable`);
  }
  for (const directory of missing) {
    try {
      mkdirSync(directory, { mode: 0o700 });
    } catch (error) {
      refuse(`cannot make ${directory} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}

function kindOf(path: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}
