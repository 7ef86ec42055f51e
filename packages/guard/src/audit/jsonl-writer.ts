import { close, createWriteStream, fchmod, fstat, open, write, writev } from 'node:fs';
import type { AuditEvent, AuditListener } from './audit-event.js';

/** An audit sink that appends one JSON object per line to a file. */
export interface JsonlAuditWriter {
  /** Pass to `guard.onAudit()`. Writes are buffered: the listener never blocks a check. */
  listener: AuditListener;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/**
 * Opens `path` for appending and returns a listener that writes each audit event as a JSON line. Decimals are
 * written as decimal text (their toJSON); nothing secret is in an audit event to begin with. The file is the
 * user's alone (0600): created so, and made so before the first line when it already existed open to others
 * (a mode given to open() counts only at creation). The trail shows the account's orders, positions and
 * withdrawals, for its owner only; one that cannot be made private is not written to (close() rejects).
 */
export function createJsonlAuditWriter(path: string): JsonlAuditWriter {
  const stream = createWriteStream(path, {
    flags: 'a',
    encoding: 'utf8',
    mode: 0o600,
    fs: { open: openPrivate, close, write, writev },
  });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    listener(event: AuditEvent) {
      if (failure === undefined) stream.write(`${JSON.stringify(event)}\n`);
    },
    close() {
      return new Promise((resolve, reject) => {
        // An open that failed may reach end's callback before the 'error' event: take either.
        stream.end((error?: Error | null) => {
          const problem = failure ?? error ?? undefined;
          if (problem === undefined) resolve();
          else reject(problem);
        });
      });
    },
  };
}

type OpenCallback = (error: NodeJS.ErrnoException | null, fd?: number) => void;

// The stream's open: the descriptor reaches the stream (and its buffered lines) only once the file is 0600.
function openPrivate(path: string, flags: string, mode: number, callback: OpenCallback): void {
  open(path, flags, mode, (openError, fd) => {
    if (openError !== null) return callback(openError);
    fstat(fd, (statError, stats) => {
      if (statError !== null) return close(fd, () => callback(statError));
      if ((stats.mode & 0o077) === 0) return callback(null, fd);
      fchmod(fd, 0o600, (chmodError) => {
        if (chmodError === null) callback(null, fd);
        else close(fd, () => callback(chmodError));
      });
    });
  });
}
