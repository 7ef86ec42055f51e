/**
 * File-system steps of the durable store, private whatever the umask: directories 0700, files 0600, each set
 * explicitly because a umask can only take bits away (0277 would leave a file the store cannot rewrite).
 */
import { constants } from 'node:fs';
import { chmod, type FileHandle, mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Mode of every directory the store creates. */
export const DIR_MODE = 0o700;
/** Mode of every file the store creates. */
export const FILE_MODE = 0o600;

/** The errno code of a Node file-system error, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Creates a private directory (true) or leaves an existing one alone (false). */
export async function makePrivateDir(path: string): Promise<boolean> {
  try {
    await mkdir(path, { mode: DIR_MODE });
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw error;
  }
  await chmod(path, DIR_MODE);
  // The new name must survive a machine crash too: an account directory vanishing would reset its nonce floor.
  await syncDir(dirname(path));
  return true;
}

/** Flushes a directory's entries (new names, renames) to disk. */
export async function syncDir(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Opens a file for writing with mode 0600 enforced, creating it (`wx`: only if new; `w`: truncating). */
export async function openPrivate(path: string, flags: 'w' | 'wx' | 'a'): Promise<FileHandle> {
  const handle = await open(path, flags, FILE_MODE);
  try {
    await handle.chmod(FILE_MODE);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

let temps = 0;

/**
 * Replaces a file in one step: the text goes to a temp file of this process, is flushed to disk, then renamed
 * over `path`. A reader sees the old file or the new one, never a mix; after a machine crash the file is one of
 * the two, never torn or empty (the flush comes before the rename). Writers without a lock (records) each use
 * their own temp file.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  temps += 1;
  const temp = `${path}.${process.pid}-${temps}.tmp`;
  const handle = await openPrivate(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** A file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** The mode bits and owner of a path, or undefined when it does not exist. */
export async function modeOf(
  path: string,
): Promise<{ mode: number; uid: number; isDir: boolean } | undefined> {
  try {
    const info = await stat(path);
    return { mode: info.mode & 0o777, uid: info.uid, isDir: info.isDirectory() };
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}
