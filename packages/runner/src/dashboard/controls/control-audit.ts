import { closeSync, openSync, writeSync } from 'node:fs';
import { makeOpenFilePrivate } from '../private-files.js';
import type { ControlRecord } from './control-record.js';

/** A dashboard control as a line of the audit trail: what was done, to what, by whom, and how it ended. */
export interface ControlAuditLine extends ControlRecord {
  type: 'control';
}

/**
 * Appends a control to the session's JSONL audit trail, beside the guard's own lines: the guard records what it
 * judged (a kill-switch change, a closing order), this line records who asked for it from the dashboard (a pause
 * changes no guard state at all). The file is opened for appending (O_APPEND, as the guard's writer does), so
 * the two never write over each other; it is created 0600 if this line comes first, and made 0600 before the
 * line goes in if it was open to others. A failed write is reported to the caller's log, never to the control.
 */
export function appendControlAudit(path: string, record: ControlRecord): void {
  const line: ControlAuditLine = { type: 'control', ...record };
  const fd = openSync(path, 'a', 0o600);
  try {
    makeOpenFilePrivate(fd);
    writeSync(fd, `${JSON.stringify(line)}\n`);
  } finally {
    closeSync(fd);
  }
}
