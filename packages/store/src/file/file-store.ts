/**
 * The durable store: a directory on local disk, the runner's default. It survives `kill -9` of any process at
 * any moment, and several processes on one host may share it (each operation holds a lock file). Layout, per
 * account: `<dir>/<account>/` with `nonce.json`, `counters.json`, `leases.json`, `journals/<stream>.jsonl`
 * (+ `.snapshot.json`) and `records/<key>.json`. See the package README for what a machine crash may lose.
 */
import { chmod, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, KrakenkitError } from '@krakenkit/core';
import {
  type AccountId,
  type CallAnswer,
  type CallRequest,
  type ChargeAnswer,
  type ChargeRequest,
  type CommitAnswer,
  type CommitRequest,
  type JournalRead,
  type JournalSnapshot,
  type LeaseAnswer,
  type LeaseInfo,
  type StateStore,
  StoreClosedError,
  type StoreRecord,
  StoreUnavailableError,
} from '@krakenkit/core/store';
import type { CallSlots } from '../call-slots.js';
import { endCalls, grantWithCharges } from '../call-step.js';
import { chargeAll } from '../charge-all.js';
import { type CounterValue, chargeCounter, decayed } from '../counter-math.js';
import {
  checkCallRequest,
  checkCharge,
  checkCharges,
  checkCommitRequest,
  checkCounterQuery,
  checkMs,
  checkName,
  checkSeq,
  checkSnapshot,
  checkValue,
} from '../limits.js';
import { AccountFiles, type Step } from './account-files.js';
import { fileNameOf, isPlainFileName } from './file-names.js';
import type { JournalFile } from './journal-file.js';
import { errnoOf, modeOf } from './private-fs.js';

/** Options of {@link createFileStore}. */
export interface FileStoreOptions {
  /** The state directory: created 0700 if missing; an existing one must be private to this user. */
  dir: string;
  /** Epoch-ms clock (default Date.now): nonces, counter decay, leases and call slots follow it. */
  now?: () => number;
}

/**
 * Opens (creating it if missing) a durable store in a directory. Nonces are flushed to disk before they are
 * granted, so after any crash the next nonce is above every nonce granted and at most max(clock, last + 1).
 */
export async function createFileStore(options: FileStoreOptions): Promise<StateStore> {
  const dir = resolve(options.dir);
  await openPrivateRoot(dir);
  return new FileStore(dir, options.now ?? Date.now);
}

async function openPrivateRoot(dir: string): Promise<void> {
  const refuse = (message: string): never => {
    throw new ConfigError([{ path: 'store', message: `state directory ${dir} ${message}` }]);
  };
  let created: string | undefined;
  try {
    created = await makeDirectories(dir);
  } catch (error) {
    // A file where the directory (or one on its way) must be is the spec's mistake, not an outage.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR')
      return refuse('is not a directory (a file is in its place or on its path)');
    throw new StoreUnavailableError(dir, 'cannot create the state directory', { cause: error });
  }
  const info = await modeOf(dir);
  if (info === undefined || !info.isDir) return refuse('is not a directory');
  if (process.getuid !== undefined && info.uid !== process.getuid()) return refuse('belongs to another user');
  if ((info.mode & 0o077) !== 0) {
    if (created === undefined)
      refuse(`is open to other users (mode ${info.mode.toString(8)}): make it private (chmod 700)`);
    await chmod(dir, 0o700);
  }
}

/**
 * Makes `dir` and the directories missing on its way (0700), one at a time, and returns the first it made, as
 * `mkdir(dir, { recursive: true })` does: that call spins for ever on a path under /proc, unstoppable by a signal.
 */
async function makeDirectories(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const info = await stat(at).catch((error: unknown) => {
      if (errnoOf(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (info?.isDirectory() === true) break;
    if (info !== undefined) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing) {
    try {
      await mkdir(path, { mode: 0o700 });
    } catch (error) {
      // Another process made it meanwhile: as good as made here.
      if (errnoOf(error) !== 'EEXIST' || !(await stat(path)).isDirectory()) throw error;
    }
  }
  return missing[0];
}

class FileStore implements StateStore {
  readonly kind = 'file' as const;
  readonly location: string;
  readonly #now: () => number;
  readonly #accounts = new Map<AccountId, AccountFiles>();
  #closed = false;

  constructor(dir: string, now: () => number) {
    this.location = dir;
    this.#now = now;
  }

  async beginCall(account: AccountId, request: CallRequest): Promise<CallAnswer> {
    checkCallRequest(request);
    const commit = request.commit;
    return this.#op(account, (files) =>
      commit === undefined
        ? this.#beginCall(files, request, undefined)
        : files.withJournal(commit.stream, (journal) => this.#beginCall(files, request, journal)),
    );
  }

  async endCall(account: AccountId, nonce: string, charges?: readonly ChargeRequest[]): Promise<void> {
    checkCharges('endCall.charges', charges);
    const ending = [charges === undefined ? { nonce } : { nonce, charges }];
    return this.#op(account, (files) =>
      files.withNonce(async (slots) => {
        const charged = charges !== undefined && charges.length > 0;
        if (!charged && !slots.inFlight.some((slot) => slot.nonce.toString() === nonce))
          return { answer: undefined };
        const now = this.#now();
        if (!charged) return { answer: undefined, next: endCalls(slots, new Map(), ending, now).slots };
        let next = slots;
        await files.withCounters(async (counters) => {
          const ended = endCalls(slots, counters, ending, now);
          next = ended.slots;
          return { answer: undefined, next: ended.counters };
        });
        return { answer: undefined, next };
      }),
    );
  }

  // Locks: the journal's (when there is a commit), then the nonce's, then the counters' (when charged): the same
  // order as commit (journal, counters), so no two operations wait on each other in a cycle. Writes: counters,
  // then entries, then the nonce, so a crash in between never leaves a granted nonce without its charges.
  async #beginCall(files: AccountFiles, request: CallRequest, journal: JournalFile | undefined) {
    return files.withNonce(async (slots): Promise<Step<CallAnswer, CallSlots>> => {
      const now = this.#now();
      const ending = request.ending ?? [];
      const commit = request.commit;
      let nextSlots = slots;
      const decide = async (counters: Map<string, CounterValue>) => {
        const ended = endCalls(slots, counters, ending, now);
        nextSlots = ended.slots;
        if (commit !== undefined && journal !== undefined && journal.seq !== commit.expectedSeq) {
          const read = journal.read(commit.expectedSeq);
          const stale = { seq: journal.seq, missed: read.entries, ...snapshotOf(read.snapshot) };
          return { answer: { granted: false, retryInMs: 0, stale } as CallAnswer, next: ended.counters };
        }
        const step = grantWithCharges(ended.slots, ended.counters ?? counters, request, now);
        nextSlots = step.slots ?? ended.slots;
        return { answer: step.answer, next: step.counters ?? ended.counters };
      };
      const charged =
        (request.charges?.length ?? 0) > 0 || ending.some((call) => (call.charges?.length ?? 0) > 0);
      let answer = charged ? await files.withCounters(decide) : (await decide(new Map())).answer;
      if (answer.granted && commit !== undefined && journal !== undefined) {
        await journal.append(commit.entries);
        answer = { ...answer, seq: journal.seq };
      }
      return { answer, next: nextSlots === slots ? undefined : nextSlots };
    });
  }

  async charge(account: AccountId, request: ChargeRequest): Promise<ChargeAnswer> {
    checkCharge('charge', request);
    return this.#op(account, (files) =>
      files.withCounters(async (counters) => {
        const { answer, next } = chargeCounter(counters.get(request.counter), request, this.#now());
        if (next === undefined) return { answer };
        return { answer, next: new Map([...counters, [request.counter, next]]) };
      }),
    );
  }

  async counterLevel(account: AccountId, counter: string, decayPerSecond: number): Promise<number> {
    checkCounterQuery('counterLevel', counter, decayPerSecond);
    return this.#op(account, async (files) => {
      const counters = await files.readCounters();
      return decayed(counters.get(counter), decayPerSecond, this.#now());
    });
  }

  async commit(account: AccountId, request: CommitRequest): Promise<CommitAnswer> {
    checkCommitRequest(request);
    const charges = request.charges ?? [];
    return this.#op(account, (files) =>
      files.withJournal(request.stream, async (journal): Promise<CommitAnswer> => {
        if (journal.seq !== request.expectedSeq) {
          const read = journal.read(request.expectedSeq);
          return { status: 'stale', seq: journal.seq, missed: read.entries, ...snapshotOf(read.snapshot) };
        }
        // Charges first: a crash between the two steps leaves a counter charged for entries never appended
        // (it decays), never entries appended without their charge.
        const outcome =
          charges.length === 0
            ? { granted: true, answers: [] }
            : await files.withCounters(async (counters) => {
                const outcome = chargeAll(counters, charges, this.#now());
                return {
                  answer: outcome,
                  next: outcome.granted ? new Map([...counters, ...outcome.next]) : undefined,
                };
              });
        if (!outcome.granted) return { status: 'refused', seq: journal.seq, charges: outcome.answers };
        await journal.append(request.entries);
        return { status: 'appended', seq: journal.seq, charges: outcome.answers };
      }),
    );
  }

  async readJournal(account: AccountId, stream: string, afterSeq: number): Promise<JournalRead> {
    checkName('readJournal.stream', stream);
    checkSeq('readJournal.afterSeq', afterSeq);
    return this.#op(account, (files) =>
      files.withJournal(stream, async (journal) => ({ seq: journal.seq, ...journal.read(afterSeq) })),
    );
  }

  async compactJournal(account: AccountId, stream: string, seq: number, state: string): Promise<void> {
    checkName('compactJournal.stream', stream);
    checkSeq('compactJournal.seq', seq);
    checkSnapshot('compactJournal.state', state);
    return this.#op(account, (files) => files.withJournal(stream, (journal) => journal.compact(seq, state)));
  }

  async acquireLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<LeaseAnswer> {
    checkName('acquireLease.name', name);
    checkValue('acquireLease.holder', holder);
    checkMs('acquireLease.ttlMs', ttlMs);
    return this.#op(account, (files) =>
      files.withLeases<LeaseAnswer>(async (leases) => {
        const now = this.#now();
        const current = leases.get(name);
        if (current !== undefined && current.holder !== holder && current.expiresAt > now)
          return { answer: { acquired: false, holder: current.holder, expiresAt: current.expiresAt } };
        const expiresAt = now + ttlMs;
        return {
          answer: { acquired: true, expiresAt },
          next: live(leases, now).set(name, { holder, expiresAt }),
        };
      }),
    );
  }

  async renewLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<boolean> {
    checkMs('renewLease.ttlMs', ttlMs);
    return this.#op(account, (files) =>
      files.withLeases(async (leases) => {
        const now = this.#now();
        const current = leases.get(name);
        if (current === undefined || current.holder !== holder || current.expiresAt <= now)
          return { answer: false };
        return { answer: true, next: live(leases, now).set(name, { holder, expiresAt: now + ttlMs }) };
      }),
    );
  }

  async releaseLease(account: AccountId, name: string, holder: string): Promise<void> {
    return this.#op(account, (files) =>
      files.withLeases(async (leases) => {
        if (leases.get(name)?.holder !== holder) return { answer: undefined };
        const next = new Map(leases);
        next.delete(name);
        return { answer: undefined, next };
      }),
    );
  }

  async listLeases(account: AccountId, prefix: string): Promise<LeaseInfo[]> {
    return this.#op(account, async (files) => {
      const now = this.#now();
      return [...(await files.readLeases())]
        .filter(([name, lease]) => name.startsWith(prefix) && lease.expiresAt > now)
        .map(([name, lease]) => ({ name, holder: lease.holder, expiresAt: lease.expiresAt }))
        .sort((a, b) => compare(a.name, b.name));
    });
  }

  async getRecord(account: AccountId, key: string): Promise<string | undefined> {
    checkName('getRecord.key', key);
    return this.#op(account, async (files) => (await files.readRecord(fileNameOf(key), key))?.value);
  }

  async putRecord(account: AccountId, key: string, value: string): Promise<void> {
    checkName('putRecord.key', key);
    checkValue('putRecord.value', value);
    return this.#op(account, (files) => files.writeRecord(fileNameOf(key), key, value));
  }

  async deleteRecord(account: AccountId, key: string): Promise<void> {
    checkName('deleteRecord.key', key);
    return this.#op(account, async (files) => {
      await unlink(join(files.recordsDir, `${fileNameOf(key)}.json`)).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'ENOENT') throw error;
      });
    });
  }

  async listRecords(account: AccountId, prefix: string): Promise<StoreRecord[]> {
    return this.#op(account, async (files) => {
      const names = (await readdir(files.recordsDir)).filter((name) => name.endsWith('.json'));
      const records: StoreRecord[] = [];
      for (const fileName of names.map((name) => name.slice(0, -'.json'.length))) {
        // A plain file name is the key itself: no need to open files the prefix already rules out.
        if (isPlainFileName(fileName) && !fileName.startsWith(prefix)) continue;
        const record = await files.readRecord(fileName);
        if (record?.key.startsWith(prefix)) records.push(record);
      }
      return records.sort((a, b) => compare(a.key, b.key));
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  async #op<T>(account: AccountId, work: (files: AccountFiles) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreClosedError(this.location);
    try {
      return await work(await this.#files(account));
    } catch (error) {
      if (error instanceof KrakenkitError) throw error;
      throw new StoreUnavailableError(this.location, (error as Error).message ?? String(error), {
        cause: error,
      });
    }
  }

  async #files(account: AccountId): Promise<AccountFiles> {
    let files = this.#accounts.get(account);
    if (files === undefined) {
      files = new AccountFiles(this.location, fileNameOf(account));
      this.#accounts.set(account, files);
    }
    await files.ready();
    return files;
  }
}

function snapshotOf(snapshot: JournalSnapshot | undefined): { snapshot?: JournalSnapshot } {
  return snapshot === undefined ? {} : { snapshot };
}

function live<T extends { expiresAt: number }>(leases: ReadonlyMap<string, T>, now: number): Map<string, T> {
  return new Map([...leases].filter(([, lease]) => lease.expiresAt > now));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
