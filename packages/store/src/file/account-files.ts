/**
 * One account's directory in the durable store and the locked read-modify-write steps on its files. Each small
 * file has its own lock (`<file>.lock`), so a nonce grant does not wait for a record write; a commit takes its
 * journal's lock, then the counters' (always in that order, so two commits never wait on each other in a cycle).
 */
import { join } from 'node:path';
import type { CallSlots } from '../call-slots.js';
import type { CounterValue } from '../counter-math.js';
import {
  Malformed,
  parseFile,
  readCounters,
  readLeases,
  readRecord,
  readSlots,
  type StoredLease,
  writeCounters,
  writeLeases,
  writeRecord,
  writeSlots,
} from './file-codecs.js';
import { FileLocks } from './file-lock.js';
import { fileNameOf } from './file-names.js';
import { JournalFile } from './journal-file.js';
import { makePrivateDir, readIfExists, replaceFile } from './private-fs.js';

/** What a locked step returns: its answer, and the file's new content when it changed anything. */
export interface Step<A, S> {
  answer: A;
  next?: S | undefined;
}

/** One account's files. */
export class AccountFiles {
  readonly dir: string;
  readonly recordsDir: string;
  readonly #location: string;
  readonly #name: string;
  readonly #journalsDir: string;
  readonly #locks = new FileLocks();
  readonly #journals = new Map<string, JournalFile>();
  #ready: Promise<void> | undefined;

  constructor(location: string, name: string) {
    this.#location = location;
    this.#name = name;
    this.dir = join(location, name);
    this.recordsDir = join(this.dir, 'records');
    this.#journalsDir = join(this.dir, 'journals');
  }

  /** Creates the account's directories (0700) on first use. */
  ready(): Promise<void> {
    this.#ready ??= (async () => {
      await makePrivateDir(this.dir);
      await makePrivateDir(this.recordsDir);
      await makePrivateDir(this.#journalsDir);
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  /** A locked step on nonce.json (the file is flushed to disk before the step's answer is returned). */
  withNonce<A>(step: (slots: CallSlots) => Promise<Step<A, CallSlots>>): Promise<A> {
    return this.#locked('nonce.json', { last: undefined, inFlight: [] }, readSlots, writeSlots, step);
  }

  /** A locked step on counters.json. */
  withCounters<A>(
    step: (counters: Map<string, CounterValue>) => Promise<Step<A, Map<string, CounterValue>>>,
  ): Promise<A> {
    return this.#locked('counters.json', new Map(), readCounters, writeCounters, step);
  }

  /** counters.json as it is now (replaced by rename, so readable without the lock). */
  readCounters(): Promise<Map<string, CounterValue>> {
    return this.#read('counters.json', new Map(), readCounters);
  }

  /** A locked step on leases.json. */
  withLeases<A>(
    step: (leases: Map<string, StoredLease>) => Promise<Step<A, Map<string, StoredLease>>>,
  ): Promise<A> {
    return this.#locked('leases.json', new Map(), readLeases, writeLeases, step);
  }

  /** leases.json as it is now. */
  readLeases(): Promise<Map<string, StoredLease>> {
    return this.#read('leases.json', new Map(), readLeases);
  }

  /** Runs `work` on a journal, brought up to date, with its lock held. */
  withJournal<A>(stream: string, work: (journal: JournalFile) => Promise<A>): Promise<A> {
    const name = fileNameOf(stream);
    let journal = this.#journals.get(stream);
    if (journal === undefined) {
      journal = new JournalFile({
        location: this.#location,
        path: join(this.#journalsDir, `${name}.jsonl`),
        label: `${this.#name}/journals/${name}.jsonl`,
        stream,
      });
      this.#journals.set(stream, journal);
    }
    const open = journal;
    return this.#locks.with(join(this.#journalsDir, `${name}.lock`), async () => {
      await open.refresh();
      return work(open);
    });
  }

  /** A record file (`fileName` without `.json`); with `key`, a file holding another key is corrupt. */
  async readRecord(fileName: string, key?: string): Promise<{ key: string; value: string } | undefined> {
    const label = `${this.#name}/records/${fileName}.json`;
    const content = await readIfExists(join(this.recordsDir, `${fileName}.json`));
    if (content === undefined) return undefined;
    return parseFile(this.#location, label, content, (json) => {
      const record = readRecord(json);
      if (key !== undefined && record.key !== key) throw new Malformed('holds another key');
      return record;
    });
  }

  /** Writes a record file in one step (no lock: the rename is atomic and the last writer wins). */
  writeRecord(fileName: string, key: string, value: string): Promise<void> {
    return replaceFile(join(this.recordsDir, `${fileName}.json`), writeRecord(key, value));
  }

  async #read<S>(file: string, empty: S, decode: (json: unknown) => S): Promise<S> {
    const content = await readIfExists(join(this.dir, file));
    return content === undefined
      ? empty
      : parseFile(this.#location, `${this.#name}/${file}`, content, decode);
  }

  #locked<A, S>(
    file: string,
    empty: S,
    decode: (json: unknown) => S,
    encode: (state: S) => string,
    step: (state: S) => Promise<Step<A, S>>,
  ): Promise<A> {
    return this.#locks.with(join(this.dir, `${file}.lock`), async () => {
      const { answer, next } = await step(await this.#read(file, empty, decode));
      if (next !== undefined) await replaceFile(join(this.dir, file), encode(next));
      return answer;
    });
  }
}
