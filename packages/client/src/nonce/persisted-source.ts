import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClockNonceSource } from './clock-source.js';
import { isNonceText, NonceError } from './compare.js';
import type { NonceFloorStore, SyncNonceSource } from './types.js';

/** Default reservation: 1 s worth of microsecond nonces, i.e. at most about one disk write per second of wall time. */
export const DEFAULT_RESERVE_AHEAD_US = 1_000_000;

/** Options of the persisted nonce source. */
export interface PersistedNonceOptions {
  /** Where the high-water mark lives. */
  store: NonceFloorStore;
  /**
   * How far ahead of the clock the mark is written (microseconds); default 1 s. Larger = fewer writes; after a
   * restart the first nonce starts from the mark, so it may run ahead of the clock by up to this much.
   */
  reserveAheadUs?: number;
  /** Wall clock in ms (injectable for tests). */
  now?: () => number;
}

/**
 * A clock nonce source that survives restarts: it writes a high-water mark ahead of itself in blocks, and a new
 * source on the same store starts above that mark, even if the clock went backwards meanwhile. No nonce is
 * returned before a mark at least as high is durably written, so a crash can never lead to reuse.
 *
 * The mark written is `max(nonce, clock + reserveAheadUs)`, measured from the clock rather than from the nonce:
 * a restart starts one above the old mark and its new mark lands `reserveAheadUs` past the clock again, not past
 * the old mark. So however often the process restarts (a crash loop), a nonce runs at most `reserveAheadUs`
 * plus the number of nonces issued since the clock last caught up (1 µs each) ahead of the highest clock reading
 * seen; it never drifts a block further per restart. (While the clock is behind the nonces by more than a block,
 * after it stepped back, each nonce writes the mark: a write per private call, which Kraken's rate limits keep
 * to a few a second.)
 *
 * One process per store: two live processes on one file would each reserve the same block. Several processes on
 * one key share a state store instead (`createStoreNonceSource`), or use one key each (see
 * docs/decisions/0001-nonces-and-ordering.md).
 */
export function createPersistedNonceSource(options: PersistedNonceOptions): SyncNonceSource {
  const reserveAhead = options.reserveAheadUs ?? DEFAULT_RESERVE_AHEAD_US;
  if (!Number.isSafeInteger(reserveAhead) || reserveAhead < 1) {
    throw new NonceError(`reserveAheadUs must be a positive integer, got ${reserveAhead}`);
  }
  const stored = options.store.read();
  const clockOptions = options.now === undefined ? {} : { now: options.now };
  const clock = createClockNonceSource(
    stored === undefined ? clockOptions : { ...clockOptions, after: stored },
  );
  const now = options.now ?? Date.now;
  let reserved = clock.last;
  return {
    next() {
      const nonce = clock.next();
      const value = Number(nonce);
      if (value > reserved) {
        // From the clock, not from the nonce: a nonce that started from an old mark must not push the next one further.
        const mark = Math.max(value, Math.floor(now()) * 1000 + reserveAhead);
        // Counted as reserved only once written: after a failed write the next nonce must try the write again.
        options.store.write(String(mark));
        reserved = mark;
      }
      return nonce;
    },
  };
}

/** A nonce source persisted to a file (see {@link createPersistedNonceSource}). */
export function createFileNonceSource(
  options: { path: string } & Omit<PersistedNonceOptions, 'store'>,
): SyncNonceSource {
  const { path, ...rest } = options;
  return createPersistedNonceSource({ ...rest, store: fileFloorStore(path) });
}

/**
 * Keeps the mark in a small text file. Writes go to a temporary file that is fsynced and renamed over the old
 * one, so a crash leaves either the old or the new mark, never a torn one.
 */
export function fileFloorStore(path: string): NonceFloorStore {
  return {
    read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8').trim();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new NonceError(`cannot read nonce floor file ${path}`, { cause: error });
      }
      if (!isNonceText(text)) throw new NonceError(`nonce floor file ${path} does not hold decimal digits`);
      return text;
    },
    write(mark) {
      // State of the key: for its owner only, whatever the umask (the rename keeps the temp file's mode).
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temp = `${path}.${process.pid}.tmp`;
      const fd = openSync(temp, 'w', 0o600);
      try {
        writeSync(fd, `${mark}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, path);
    },
  };
}

/** An in-memory store (tests, or a process that keeps its own source alive). */
export function memoryFloorStore(initial?: string): NonceFloorStore & { writes: number } {
  let mark = initial;
  return {
    writes: 0,
    read: () => mark,
    write(value) {
      mark = value;
      this.writes += 1;
    },
  };
}
