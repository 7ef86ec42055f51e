import { createWriteStream } from 'node:fs';
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
 * written as decimal text (their toJSON); nothing secret is in an audit event to begin with. A new file is created
 * 0600: the trail shows the account's orders, positions and withdrawals, for its owner only.
 */
export function createJsonlAuditWriter(path: string): JsonlAuditWriter {
  const stream = createWriteStream(path, { flags: 'a', encoding: 'utf8', mode: 0o600 });
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
        stream.end(() => (failure === undefined ? resolve() : reject(failure)));
      });
    },
  };
}
