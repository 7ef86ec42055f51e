/**
 * One journal of the durable store: `<stream>.jsonl`, a header line then one `{"s":seq,"e":entry}` line per entry,
 * appended in place and flushed before a commit returns; its snapshot is `<stream>.snapshot.json`. A reader keeps
 * what it has parsed and the byte offset it reached, and reads only what was appended since. Every method is
 * called with the journal's lock held, so a line without its newline is debris of a writer that died mid-write:
 * readers ignore it and the next writer cuts it off.
 *
 * Compaction writes the snapshot first (flushed, directory flushed), then replaces the journal with one whose
 * header `base` is the snapshot's seq. A crash between the two leaves the old journal, whose extra entries the
 * snapshot already covers; readers skip them. The header's random `id` tells a reader the file was replaced.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type JournalEntry, type JournalSnapshot, StoreCorruptError } from '@krakenkit/core/store';
import { FORMAT, Malformed, parseFile, seqOf, text, versioned } from './file-codecs.js';
import { errnoOf, openPrivate, readIfExists, replaceFile, syncDir } from './private-fs.js';

/** Where a journal's files are, and how to name them in an error. */
export interface JournalPaths {
  /** The store's location, for errors. */
  location: string;
  /** The journal file; the snapshot is beside it. */
  path: string;
  /** The file's name relative to the store, for errors. */
  label: string;
  stream: string;
}

/** A journal's files as this process last read them. */
export class JournalFile {
  readonly #paths: JournalPaths;
  readonly #snapshotPath: string;
  #header: string | undefined;
  #offset = 0;
  #torn = false;
  #base = 0;
  #entries: JournalEntry[] = [];
  #snapshot: JournalSnapshot | undefined;
  #snapshotStamp: string | undefined;

  constructor(paths: JournalPaths) {
    this.#paths = paths;
    this.#snapshotPath = paths.path.replace(/\.jsonl$/, '.snapshot.json');
  }

  /** The last sequence number. */
  get seq(): number {
    return this.#entries.at(-1)?.seq ?? Math.max(this.#base, this.#snapshot?.seq ?? 0);
  }

  /** Reads what changed on disk since the last call. */
  async refresh(): Promise<void> {
    await this.#refreshSnapshot();
    await this.#refreshEntries();
    const snapshotSeq = this.#snapshot?.seq ?? 0;
    if (this.#header !== undefined && this.#base > snapshotSeq)
      this.#corrupt(`starts after entry ${this.#base} but no snapshot covers the entries before it`);
  }

  /** Entries after `afterSeq`, with the snapshot when `afterSeq` is older than it. */
  read(afterSeq: number): { snapshot?: JournalSnapshot; entries: JournalEntry[] } {
    const snapshot = this.#snapshot;
    const behind = snapshot !== undefined && afterSeq < snapshot.seq;
    const from = behind ? snapshot.seq : afterSeq;
    const entries = this.#entries.filter((entry) => entry.seq > from);
    return behind ? { snapshot, entries } : { entries };
  }

  /** Appends entries after the current seq, flushed to disk before returning. */
  async append(entries: readonly string[]): Promise<void> {
    if (entries.length === 0) return;
    const first = this.seq + 1;
    const added = entries.map((entry, i) => ({ seq: first + i, entry }));
    const lines = added.map(({ seq, entry }) => `${JSON.stringify({ s: seq, e: entry })}\n`).join('');
    if (this.#header === undefined) {
      await this.#rewrite(this.seq, lines);
    } else {
      const handle = await openPrivate(this.#paths.path, 'a');
      try {
        if (this.#torn) await handle.truncate(this.#offset);
        this.#torn = false;
        await handle.writeFile(lines);
        await handle.sync();
      } catch (error) {
        // A commit that fails appends nothing: take back whatever part of the lines reached the file.
        await handle.truncate(this.#offset).catch(() => undefined);
        throw error;
      } finally {
        await handle.close();
      }
      this.#offset += Buffer.byteLength(lines);
    }
    this.#entries.push(...added);
  }

  /** Keeps `state` as the snapshot at `seq` and drops the entries it covers (ignored when not newer). */
  async compact(seq: number, state: string): Promise<void> {
    if (seq > this.seq || (this.#snapshot !== undefined && this.#snapshot.seq >= seq)) return;
    const snapshotText = JSON.stringify({ v: FORMAT, stream: this.#paths.stream, seq, state });
    await replaceFile(this.#snapshotPath, snapshotText);
    await syncDir(dirname(this.#snapshotPath));
    this.#snapshot = { seq, state };
    this.#snapshotStamp = await stampOf(this.#snapshotPath);
    const kept = this.#entries.filter((entry) => entry.seq > seq);
    await this.#rewrite(
      seq,
      kept.map(({ seq: s, entry }) => `${JSON.stringify({ s, e: entry })}\n`).join(''),
    );
    this.#entries = kept;
  }

  async #rewrite(base: number, lines: string): Promise<void> {
    const header = `${JSON.stringify({ v: FORMAT, stream: this.#paths.stream, base, id: randomBytes(6).toString('hex') })}\n`;
    await replaceFile(this.#paths.path, header + lines);
    await syncDir(dirname(this.#paths.path));
    this.#header = header;
    this.#offset = Buffer.byteLength(header + lines);
    this.#torn = false;
    this.#base = base;
  }

  async #refreshSnapshot(): Promise<void> {
    const stamp = await stampOf(this.#snapshotPath);
    if (stamp === this.#snapshotStamp) return;
    const content = stamp === undefined ? undefined : await readIfExists(this.#snapshotPath);
    this.#snapshotStamp = stamp;
    if (content === undefined) {
      this.#snapshot = undefined;
      return;
    }
    const label = this.#paths.label.replace(/\.jsonl$/, '.snapshot.json');
    this.#snapshot = parseFile(this.#paths.location, label, content, (json) => {
      const root = versioned(json);
      if (root['stream'] !== this.#paths.stream) throw new Malformed('belongs to another stream');
      return { seq: seqOf(root['seq'], 'seq'), state: text(root['state'], 'state') };
    });
  }

  async #refreshEntries(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.#paths.path, 'r');
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error;
      this.#forget();
      return;
    }
    try {
      const { size } = await handle.stat();
      if (this.#header !== undefined && !(await this.#isSameFile(handle, size))) this.#forget();
      if (size > this.#offset) await this.#readFrom(handle, size);
    } finally {
      await handle.close();
    }
  }

  #forget(): void {
    this.#header = undefined;
    this.#offset = 0;
    this.#torn = false;
    this.#base = 0;
    this.#entries = [];
  }

  async #isSameFile(handle: FileHandle, size: number): Promise<boolean> {
    const header = this.#header ?? '';
    const length = Buffer.byteLength(header);
    if (size < this.#offset) return false;
    const bytes = Buffer.alloc(length);
    await readFully(handle, bytes, 0);
    return bytes.toString('utf8') === header;
  }

  async #readFrom(handle: FileHandle, size: number): Promise<void> {
    const bytes = Buffer.alloc(size - this.#offset);
    await readFully(handle, bytes, this.#offset);
    const end = bytes.lastIndexOf(0x0a) + 1;
    this.#torn = end < bytes.length;
    if (end === 0) return;
    const lines = bytes.subarray(0, end).toString('utf8').split('\n');
    lines.pop();
    let first = 0;
    if (this.#header === undefined) {
      this.#base = this.#parse(lines[0] ?? '', (json) => this.#readHeader(json));
      this.#header = `${lines[0]}\n`;
      first = 1;
    }
    for (const line of lines.slice(first)) {
      const expected = this.seq + 1;
      const entry = this.#parse(line, (json) => readEntry(json, expected));
      this.#entries.push(entry);
    }
    this.#offset += end;
  }

  #readHeader(json: unknown): number {
    const root = versioned(json);
    if (root['stream'] !== this.#paths.stream) throw new Malformed('belongs to another stream');
    text(root['id'], 'id');
    return seqOf(root['base'], 'base');
  }

  #parse<T>(line: string, read: (json: unknown) => T): T {
    return parseFile(this.#paths.location, this.#paths.label, line, read);
  }

  #corrupt(why: string): never {
    throw new StoreCorruptError(this.#paths.location, `${this.#paths.label}: ${why}`);
  }
}

function readEntry(json: unknown, expected: number): JournalEntry {
  if (typeof json !== 'object' || json === null) throw new Malformed('an entry line is not an object');
  const line = json as Record<string, unknown>;
  if (line['s'] !== expected)
    throw new Malformed(`entry ${String(line['s'])} where ${expected} was expected`);
  return { seq: expected, entry: text(line['e'], 'an entry') };
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) throw new Malformed('the file shrank while it was read');
    done += bytesRead;
  }
}

// Identifies one version of the snapshot file: it is only ever replaced by rename, which changes all three.
async function stampOf(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path, { bigint: true });
    return `${info.ino}:${info.mtimeNs}:${info.size}`;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}
