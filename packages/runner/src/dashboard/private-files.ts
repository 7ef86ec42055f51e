import { once } from 'node:events';
import { chmodSync, fchmodSync, fstatSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { pino } from 'pino';

/** The directory the runner keeps its logs, audit trails, access files and state in, by default. */
const STATE_DIRECTORY = '.krakenkit';

/**
 * Makes an open file readable and writable by the user alone (0600) when group or others had any access. A mode
 * given to open() counts only when the file is created: a log or audit trail left 0644 by an earlier version, a
 * copy or another umask would stay readable by others while the run appends order flow to it.
 */
export function makeOpenFilePrivate(fd: number): void {
  if ((fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, 0o600);
}

/**
 * Makes the runner's `.krakenkit/` directory the user's alone (0700) when it was open to others; mkdir's mode
 * counts only when it creates it. A directory of another name was chosen by the user (`--log-file logs/run.log`,
 * the working directory itself) and is left as it is.
 */
export function makeStateDirectoryPrivate(directory: string): void {
  if (basename(directory) !== STATE_DIRECTORY) return;
  try {
    if ((statSync(directory).mode & 0o077) !== 0) chmodSync(directory, 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Opens a pino log for appending, private to the user: its directory created 0700 (or `.krakenkit/` tightened to
 * it) and the file 0600, whether it is new or was already there. Resolves once the file is open, before anything
 * is written to it.
 */
export async function openPrivateLog(path: string): Promise<ReturnType<typeof pino.destination>> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  makeStateDirectoryPrivate(dirname(path));
  const destination = pino.destination({ dest: path, mode: 0o600, sync: false });
  await once(destination, 'ready');
  try {
    // sonic-boom keeps the descriptor as `fd` once open; its types leave the property out.
    makeOpenFilePrivate((destination as unknown as { fd: number }).fd);
  } catch (error) {
    destination.destroy();
    throw error;
  }
  return destination;
}
