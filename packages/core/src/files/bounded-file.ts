import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';

/** The most a config file (a bot, keys or guard file, a table it names) may hold: hundreds of times a real one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The most a credential file may hold: a Kraken key or secret is under 100 characters; a PEM bundle fits too. */
export const MAX_SECRET_BYTES = 64 * 1024;

/**
 * The most a backtest data file may hold: just under V8's longest string (2^29 - 24 characters), which the file
 * becomes; a bigger file could not be read anyway. A year of one-minute candles is about 30 MB.
 */
export const MAX_DATA_BYTES = 500 * 1024 * 1024;

/**
 * A file refused before or while reading it: not a regular file (`ENOTREG`: a FIFO would block the read, and the
 * event loop with it; a device such as /dev/zero never ends) or bigger than its bound (`EFBIG`). The message says
 * which, with the size and the bound; it never holds the file's content.
 */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
  readonly code: 'ENOTREG' | 'EFBIG';

  constructor(code: 'ENOTREG' | 'EFBIG', message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The bytes of the regular file at `path` (symlinks followed), refused with an {@link UnreadableFileError} when it
 * is anything else or holds more than `limit` bytes; fs errors (ENOENT, EACCES) are thrown as they are. At most
 * `limit + 1` bytes are ever read, so a file that grows after its size was checked is refused too, never read whole.
 */
export function readBoundedFile(path: string, limit: number): Buffer {
  const stats = statSync(path);
  refuseIfUnbounded(stats, limit);
  // Non-blocking: were the file swapped for a FIFO after the stat, open() would wait for a writer for ever.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = fstatSync(fd);
    refuseIfUnbounded(opened, limit);
    let buffer = Buffer.allocUnsafe(Math.min(opened.size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(length * 2, limit + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > limit)
      throw new UnreadableFileError('EFBIG', `it grew past the limit of ${bytes(limit)} while being read`);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function refuseIfUnbounded(stats: Stats, limit: number): void {
  if (!stats.isFile()) throw new UnreadableFileError('ENOTREG', `not a regular file (${kindOf(stats)})`);
  if (stats.size > limit)
    throw new UnreadableFileError(
      'EFBIG',
      `${stats.size} bytes, ${stats.size - limit} bytes over the limit of ${bytes(limit)}`,
    );
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  return 'an unknown kind';
}

// `1048576 bytes (1 MiB)`: the exact figure to compare with ls, the round one to read.
function bytes(count: number): string {
  const round =
    count >= 1024 * 1024 ? `${+(count / 1024 / 1024).toFixed(1)} MiB` : `${+(count / 1024).toFixed(1)} KiB`;
  return `${count} bytes (${round})`;
}
