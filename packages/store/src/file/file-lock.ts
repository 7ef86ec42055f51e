/**
 * A lock between processes on one host: a lock file created with O_EXCL holding the holder's pid, host, time and
 * a random token. Inside a process, callers of one lock queue on a promise chain, so the file is only contended
 * by other processes.
 *
 * A lock whose holder is dead (same host, `kill(pid, 0)` says ESRCH) is broken at once; any other is broken once
 * older than `staleMs` (a pid reused by another process, a holder on another host). Breakers take turns through
 * a second file and only remove the exact lock they judged stale, so two of them never remove a fresh lock.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { errnoOf, FILE_MODE } from './private-fs.js';

/** How long a lock may be held before another process may break it, when its holder's liveness is unknown. */
export const DEFAULT_STALE_MS = 20_000;

const HOST = hostname();

/** The locks of one store, by lock-file path. */
export class FileLocks {
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #staleMs: number;

  constructor(staleMs: number = DEFAULT_STALE_MS) {
    this.#staleMs = staleMs;
  }

  /** Runs `work` while holding the lock at `path` (in this process and across processes). */
  async with<T>(path: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(path) ?? Promise.resolve();
    const run = previous.then(async () => {
      const token = await acquire(path, this.#staleMs);
      try {
        return await work();
      } finally {
        await release(path, token);
      }
    });
    const settled = run.catch(() => undefined);
    this.#queues.set(path, settled);
    void settled.then(() => {
      if (this.#queues.get(path) === settled) this.#queues.delete(path);
    });
    return run;
  }
}

async function acquire(path: string, staleMs: number): Promise<string> {
  const content = JSON.stringify({
    pid: process.pid,
    host: HOST,
    at: Date.now(),
    token: randomBytes(8).toString('hex'),
  });
  let pauseMs = 0.5;
  for (;;) {
    try {
      const handle = await open(path, 'wx', FILE_MODE);
      try {
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      return content;
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') throw error;
    }
    if (await breakIfStale(path, staleMs)) continue;
    // Another process holds it for a few file operations: back off a little, with jitter so waiters spread.
    await new Promise((resolve) => setTimeout(resolve, pauseMs * (1 + Math.random())));
    pauseMs = Math.min(pauseMs * 2, 8);
  }
}

async function release(path: string, content: string): Promise<void> {
  // Only our own lock is removed: if it was broken as stale while we held it, the file is someone else's now.
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === content) await unlink(path).catch(() => undefined);
}

async function breakIfStale(path: string, staleMs: number): Promise<boolean> {
  const seen = await readLock(path);
  if (seen === undefined) return true; // released meanwhile: try again at once
  if (!isStale(seen.content, seen.mtimeMs, staleMs)) return false;
  const turn = `${path}.break`;
  try {
    await (await open(turn, 'wx', FILE_MODE)).close();
  } catch (error) {
    if (errnoOf(error) !== 'EEXIST') throw error;
    // A breaker killed inside its few microseconds of work leaves its turn file behind.
    const other = await readLock(turn);
    if (other !== undefined && Date.now() - other.mtimeMs > staleMs)
      await unlink(turn).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLock(path);
    if (now?.content === seen.content) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(turn).catch(() => undefined);
  }
  return true;
}

async function readLock(path: string): Promise<{ content: string; mtimeMs: number } | undefined> {
  try {
    const [content, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { content, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function isStale(content: string, mtimeMs: number, staleMs: number): boolean {
  let holder: { pid?: unknown; host?: unknown; at?: unknown };
  try {
    holder = JSON.parse(content) as typeof holder;
  } catch {
    // Torn: its writer died between creating and writing it. Judge by the file's age alone.
    return Date.now() - mtimeMs > staleMs;
  }
  if (holder.host === HOST && typeof holder.pid === 'number' && !isAlive(holder.pid)) return true;
  const at = typeof holder.at === 'number' ? holder.at : mtimeMs;
  return Date.now() - at > staleMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) !== 'ESRCH';
  }
}
