import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeStateDirectoryPrivate } from './private-files.js';

/** What a running dashboard's access file holds (JSON), for its owner's tools. */
export interface DashboardAccess {
  /** `http://127.0.0.1:<port>/` (no token). */
  url: string;
  /** The login link printed at start: it works once. */
  loginUrl: string;
  /** The reusable API token: `Authorization: Bearer <apiToken>`. */
  apiToken: string;
  pid: number;
}

/**
 * Writes the access file as Jupyter writes its runtime file: readable by the user alone (0600, in a 0700
 * directory when it creates one; `.krakenkit/` is made 0700 if it was not), replaced at each start, removed by the
 * returned function when the dashboard stops. The API token is never printed: a tool reads it here.
 */
export function writeAccessFile(path: string, access: DashboardAccess): () => void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  makeStateDirectoryPrivate(dirname(path));
  // Removed first: an existing file keeps its mode through a write, and must not stay readable by others.
  rmSync(path, { force: true });
  writeFileSync(path, `${JSON.stringify(access, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return () => rmSync(path, { force: true });
}
