import { accessSync, closeSync, constants, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import { UsageError } from './common.js';

/**
 * Makes sure a file (or, with `kind: 'directory'`, a directory) the runner will write can be written, before any
 * work starts: the missing directories on its way are made (0700, one by one), and a path that cannot be written
 * (a file where a directory must be, a directory where the file goes, no write permission) is a UsageError naming
 * the flag or config field. Without this a backtest ran its whole replay before failing on `--out`, and a bad
 * `--audit-log` surfaced as a bare EEXIST (or, under /proc, Node's recursive mkdir spun for ever). A file is
 * opened for appending once (and removed again when this made it), since a directory's write permission does not
 * say whether the file itself can be opened (a read-only file, or to root a directory such as /proc). Returns the
 * directories it made, outermost first, so a command that then refuses to run can remove them.
 */
export function prepareOutputPath(
  path: string,
  label: string,
  command: string,
  kind: 'file' | 'directory' = 'file',
): string[] {
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
  // A FIFO or a device (/dev/null, /dev/stdout) is written as it is: opening a FIFO here could block.
  if (kind === 'file' && (existing === 'missing' || isRegularFile(path))) {
    try {
      closeSync(openSync(path, existing === 'missing' ? 'wx' : 'a', 0o600));
      if (existing === 'missing') unlinkSync(path);
    } catch (error) {
      refuse(`cannot open it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return missing;
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function kindOf(path: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}
