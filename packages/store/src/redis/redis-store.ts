/**
 * The Redis store: state shared by processes on several hosts. Every operation that reads and writes is one Lua
 * script (atomic, one round trip); times are Redis's clock. Keys: see redis-keys.ts and the package README.
 */

import { ValidationError } from '@krakenkit/core';
import {
  type AccountId,
  type CallAnswer,
  type CallRequest,
  type ChargeAnswer,
  type ChargeRequest,
  type CommitAnswer,
  type CommitRequest,
  type JournalEntry,
  type JournalRead,
  type JournalSnapshot,
  type LeaseAnswer,
  type LeaseInfo,
  type StateStore,
  StoreClosedError,
  StoreCorruptError,
  type StoreRecord,
} from '@krakenkit/core/store';
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
import * as lua from './lua-scripts.js';
import { type LuaScript, luaScript, RedisConnection } from './redis-connection.js';
import { RedisKeys } from './redis-keys.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** First part of every key (default `krakenkit`): several deployments can share one Redis. */
  keyPrefix?: string;
  /** How long to wait for a connection, at start and on each reconnect (default 5000 ms). */
  connectTimeoutMs?: number;
  /** How long one operation may wait for Redis's answer before failing (default 10000 ms). */
  commandTimeoutMs?: number;
}

const SCRIPTS = {
  beginCall: luaScript(lua.BEGIN_CALL),
  endCall: luaScript(lua.END_CALL),
  charge: luaScript(lua.CHARGE),
  counterLevel: luaScript(lua.COUNTER_LEVEL),
  commit: luaScript(lua.COMMIT),
  readJournal: luaScript(lua.READ_JOURNAL),
  compactJournal: luaScript(lua.COMPACT_JOURNAL),
  acquireLease: luaScript(lua.ACQUIRE_LEASE),
  renewLease: luaScript(lua.RENEW_LEASE),
  releaseLease: luaScript(lua.RELEASE_LEASE),
  listLeases: luaScript(lua.LIST_LEASES),
  putRecord: luaScript(lua.PUT_RECORD),
  deleteRecord: luaScript(lua.DELETE_RECORD),
  listRecords: luaScript(lua.LIST_RECORDS),
} satisfies Record<string, LuaScript>;

/** What a key prefix may hold (openStore checks a spec's against the same). */
export const REDIS_KEY_PREFIX = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * Connects to Redis and returns a store on it; fails with StoreUnavailableError when Redis does not answer within
 * `connectTimeoutMs`. Later, while Redis is unreachable, calls fail at once with StoreUnavailableError and the
 * store reconnects in the background.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<StateStore> {
  const location = redactedUrl(options.url);
  const keyPrefix = options.keyPrefix ?? 'krakenkit';
  // Checked before connecting: a brace would move the account's hash tag (one Cluster slot per account), a space or
  // an empty prefix would mix deployments' keys.
  if (typeof keyPrefix !== 'string' || !REDIS_KEY_PREFIX.test(keyPrefix))
    throw new ValidationError(
      'keyPrefix',
      typeof keyPrefix === 'string' ? keyPrefix.slice(0, 80) : keyPrefix,
      'letters, digits, _ - . or :, 1 to 64 of them',
    );
  const connection = await RedisConnection.open({
    url: options.url,
    location,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
  });
  return new RedisStore(connection, location, keyPrefix);
}

/** A Redis URL safe to print: without its password. Unparseable text is not echoed (it may hold one). */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'redis (an unparseable URL)';
  }
}

class RedisStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly location: string;
  readonly #connection: RedisConnection;
  readonly #prefix: string;
  #closed = false;

  constructor(connection: RedisConnection, location: string, prefix: string) {
    this.#connection = connection;
    this.location = location;
    this.#prefix = prefix;
  }

  async beginCall(account: AccountId, request: CallRequest): Promise<CallAnswer> {
    checkCallRequest(request);
    const keys = this.#keys(account);
    const ending = request.ending ?? [];
    const charges = request.charges ?? [];
    const commit = request.commit;
    const args = [
      String(Math.max(0, Math.trunc(request.window))),
      String(Math.ceil(request.leaseMs)),
      request.waiter?.id ?? '',
      String(request.waiter?.graceMs ?? 0),
      String(ending.length),
      ...ending.flatMap((call) => [
        call.nonce,
        String(call.charges?.length ?? 0),
        ...(call.charges ?? []).flatMap(chargeArgs),
      ]),
      String(charges.length),
      ...charges.flatMap(chargeArgs),
      ...(commit === undefined ? ['0'] : ['1', String(commit.expectedSeq), ...commit.entries]),
    ];
    const scriptKeys = [keys.nonce, keys.calls, keys.counters, keys.waiters];
    if (commit !== undefined) scriptKeys.push(keys.journal(commit.stream), keys.entries(commit.stream));
    const reply = this.#strings(await this.#run(SCRIPTS.beginCall, scriptKeys, args));
    const [status, first, second] = reply;
    if (status === 'stale') {
      const read = journalRead(reply.slice(1));
      const stale = {
        seq: read.seq,
        missed: read.entries,
        ...(read.snapshot ? { snapshot: read.snapshot } : {}),
      };
      return { granted: false, retryInMs: 0, stale };
    }
    if (status === '1') {
      const answer: CallAnswer = { granted: true, nonce: first ?? '' };
      if (charges.length > 0) answer.charges = chargeAnswers(reply, 3);
      if (commit !== undefined) answer.seq = Number(second);
      return answer;
    }
    const retry = Number(first);
    const refused: CallAnswer = { granted: false, retryInMs: retry < 0 ? Number.POSITIVE_INFINITY : retry };
    if (reply.length > 2) refused.charges = chargeAnswers(reply, 2);
    return refused;
  }

  async endCall(account: AccountId, nonce: string, charges?: readonly ChargeRequest[]): Promise<void> {
    checkCharges('endCall.charges', charges);
    const keys = this.#keys(account);
    const args = [nonce, ...(charges ?? []).flatMap((charge) => chargeArgs(charge).slice(0, 4))];
    await this.#run(SCRIPTS.endCall, [keys.calls, keys.counters], args);
  }

  async charge(account: AccountId, request: ChargeRequest): Promise<ChargeAnswer> {
    checkCharge('charge', request);
    const reply = await this.#run(SCRIPTS.charge, [this.#keys(account).counters], chargeArgs(request));
    return chargeAnswers(this.#strings(reply), 0)[0] as ChargeAnswer;
  }

  async counterLevel(account: AccountId, counter: string, decayPerSecond: number): Promise<number> {
    checkCounterQuery('counterLevel', counter, decayPerSecond);
    const reply = await this.#run(
      SCRIPTS.counterLevel,
      [this.#keys(account).counters],
      [counter, String(decayPerSecond)],
    );
    return Number(reply);
  }

  async commit(account: AccountId, request: CommitRequest): Promise<CommitAnswer> {
    checkCommitRequest(request);
    const charges = request.charges ?? [];
    const keys = this.#keys(account);
    const args = [
      String(request.expectedSeq),
      String(charges.length),
      ...charges.flatMap(chargeArgs),
      ...request.entries,
    ];
    const reply = this.#strings(
      await this.#run(
        SCRIPTS.commit,
        [keys.journal(request.stream), keys.entries(request.stream), keys.counters],
        args,
      ),
    );
    const [status, seq] = reply;
    if (status === 'stale') {
      const read = journalRead(reply.slice(1));
      return {
        status,
        seq: read.seq,
        missed: read.entries,
        ...(read.snapshot ? { snapshot: read.snapshot } : {}),
      };
    }
    const answers = chargeAnswers(reply, 2);
    return status === 'appended'
      ? { status, seq: Number(seq), charges: answers }
      : { status: 'refused', seq: Number(seq), charges: answers };
  }

  async readJournal(account: AccountId, stream: string, afterSeq: number): Promise<JournalRead> {
    checkName('readJournal.stream', stream);
    checkSeq('readJournal.afterSeq', afterSeq);
    const keys = this.#keys(account);
    const reply = await this.#run(
      SCRIPTS.readJournal,
      [keys.journal(stream), keys.entries(stream)],
      [String(afterSeq)],
    );
    return journalRead(this.#strings(reply));
  }

  async compactJournal(account: AccountId, stream: string, seq: number, state: string): Promise<void> {
    checkName('compactJournal.stream', stream);
    checkSeq('compactJournal.seq', seq);
    checkSnapshot('compactJournal.state', state);
    const keys = this.#keys(account);
    await this.#run(
      SCRIPTS.compactJournal,
      [keys.journal(stream), keys.entries(stream)],
      [String(seq), state],
    );
  }

  async acquireLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<LeaseAnswer> {
    checkName('acquireLease.name', name);
    checkValue('acquireLease.holder', holder);
    checkMs('acquireLease.ttlMs', ttlMs);
    const reply = await this.#run(
      SCRIPTS.acquireLease,
      [this.#keys(account).leases],
      [name, holder, msArg(ttlMs)],
    );
    const [acquired, expiresAt, current] = this.#strings(reply);
    return acquired === '1'
      ? { acquired: true, expiresAt: Number(expiresAt) }
      : { acquired: false, holder: current ?? '', expiresAt: Number(expiresAt) };
  }

  async renewLease(account: AccountId, name: string, holder: string, ttlMs: number): Promise<boolean> {
    checkMs('renewLease.ttlMs', ttlMs);
    const reply = await this.#run(
      SCRIPTS.renewLease,
      [this.#keys(account).leases],
      [name, holder, msArg(ttlMs)],
    );
    return reply === 1;
  }

  async releaseLease(account: AccountId, name: string, holder: string): Promise<void> {
    await this.#run(SCRIPTS.releaseLease, [this.#keys(account).leases], [name, holder]);
  }

  async listLeases(account: AccountId, prefix: string): Promise<LeaseInfo[]> {
    const reply = this.#strings(await this.#run(SCRIPTS.listLeases, [this.#keys(account).leases], [prefix]));
    const leases: LeaseInfo[] = [];
    for (let i = 0; i + 2 < reply.length; i += 3)
      leases.push({ name: reply[i] ?? '', expiresAt: Number(reply[i + 1]), holder: reply[i + 2] ?? '' });
    return leases.sort((a, b) => compare(a.name, b.name));
  }

  async getRecord(account: AccountId, key: string): Promise<string | undefined> {
    checkName('getRecord.key', key);
    this.#open();
    const reply = await this.#connection.command(['HGET', this.#keys(account).records, key]);
    return reply === null ? undefined : this.#string(reply);
  }

  async putRecord(account: AccountId, key: string, value: string): Promise<void> {
    checkName('putRecord.key', key);
    checkValue('putRecord.value', value);
    const keys = this.#keys(account);
    await this.#run(SCRIPTS.putRecord, [keys.records, keys.recordKeys], [key, value]);
  }

  async deleteRecord(account: AccountId, key: string): Promise<void> {
    checkName('deleteRecord.key', key);
    const keys = this.#keys(account);
    await this.#run(SCRIPTS.deleteRecord, [keys.records, keys.recordKeys], [key]);
  }

  async listRecords(account: AccountId, prefix: string): Promise<StoreRecord[]> {
    const keys = this.#keys(account);
    const reply = this.#strings(
      await this.#run(SCRIPTS.listRecords, [keys.records, keys.recordKeys], [prefix]),
    );
    const records: StoreRecord[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2)
      records.push({ key: reply[i] ?? '', value: reply[i + 1] ?? '' });
    // Redis orders keys by bytes; the contract orders them as JavaScript compares strings.
    return records.sort((a, b) => compare(a.key, b.key));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#connection.close();
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError(this.location);
  }

  #keys(account: AccountId): RedisKeys {
    return new RedisKeys(this.#prefix, account);
  }

  #run(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    this.#open();
    return this.#connection.run(script, keys, args);
  }

  #strings(reply: unknown): string[] {
    if (!Array.isArray(reply))
      throw new StoreCorruptError(this.location, 'Redis answered a script with no list');
    return reply.map((item) => this.#string(item));
  }

  #string(item: unknown): string {
    if (typeof item === 'string') return item;
    if (typeof item === 'number') return String(item);
    if (Buffer.isBuffer(item)) return item.toString('utf8');
    throw new StoreCorruptError(this.location, 'Redis answered with a value of an unexpected type');
  }
}

function msArg(ms: number): string {
  return String(Math.ceil(ms));
}

function chargeArgs(charge: ChargeRequest): string[] {
  return [
    charge.counter,
    String(charge.cost),
    String(charge.max),
    String(charge.decayPerSecond),
    charge.force === true ? '1' : '0',
  ];
}

// Triples (granted, level, retryInMs) from `from` on; a retry of -1 means never (no decay).
function chargeAnswers(reply: readonly string[], from: number): ChargeAnswer[] {
  const answers: ChargeAnswer[] = [];
  for (let i = from; i + 2 < reply.length; i += 3) {
    const retry = Number(reply[i + 2]);
    answers.push({
      granted: reply[i] === '1',
      level: Number(reply[i + 1]),
      retryInMs: retry < 0 ? Number.POSITIVE_INFINITY : retry,
    });
  }
  return answers;
}

// [seq, hasSnapshot, snapshotSeq, snapshotState, firstSeq, entries…]
function journalRead(reply: readonly string[]): JournalRead {
  const [seq, hasSnapshot, snapshotSeq, state, firstSeq] = reply;
  const first = Number(firstSeq);
  const entries: JournalEntry[] = reply.slice(5).map((entry, i) => ({ seq: first + i, entry }));
  const snapshot: JournalSnapshot | undefined =
    hasSnapshot === '1' ? { seq: Number(snapshotSeq), state: state ?? '' } : undefined;
  return { seq: Number(seq), ...(snapshot === undefined ? {} : { snapshot }), entries };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
