import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountId, LeaseInfo, StateStore } from '@krakenkit/core/store';
import { describeError } from '../engine/halting.js';
import { BotAlreadyRunningError } from './bot-already-running.js';
import { BOT_LEASES, botLease, SESSION_LEASES, sessionLease } from './keys.js';
import { pidSpace } from './pid-space.js';
import { publishSessionInfo, readSessionInfo, sessionInfoKey } from './session-info.js';

/** The least time a lease lives: a slow store or a busy machine must not cost a healthy session its bots. */
const MIN_LEASE_MS = 15_000;

/** How long a session's leases live without renewal: a few polling cycles, at least 15 s. */
export function leaseTtl(pollIntervalMs: number): number {
  return Math.max(MIN_LEASE_MS, 3 * pollIntervalMs);
}

/** A session id: this host, this process and a random part (two sessions in one process differ). */
export function newSessionId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * True when a session id names a process of this host that no longer exists (killed, crashed). Anything else
 * (another host, a live process, a reused pid) counts as alive. A hostname may be shared by machines or
 * containers with pids of their own: only a session of the same pid space (see pidSpace) is surely gone.
 */
export function holderIsGone(holder: string): boolean {
  const match = /^(.*):(\d+):[0-9a-f]+$/.exec(holder);
  if (match === null || match[1] !== hostname() || Number(match[2]) === process.pid) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

// Waits for a dead holder's lease at most this many times (each wait lasts until its expiry).
const WAITS_FOR_DEAD_HOLDER = 3;

/** A bot and the store account of its key. */
export interface BotClaim {
  bot: string;
  account: AccountId;
}

/** What a renewal found. */
export interface RenewalResult {
  /** Bots whose lease is gone (expired and taken, or unprovable): they must stop trading. */
  lost: string[];
  /** Store failures that did not (yet) cost a lease: what to report, and the error. */
  problems: Array<{ message: string; error: unknown }>;
}

/**
 * The leases of one session: `session:<id>` on every account it trades (others can tell it is alive) and
 * `bot:<name>` for each of its bots (one process per bot name and key). Taken before anything is traded,
 * renewed every third of their ttl on a timer of their own (LeaseKeeper), released at a clean stop.
 */
export class SessionLeases {
  readonly #store: StateStore;
  readonly #now: () => number;
  readonly sessionId: string;
  readonly ttlMs: number;
  readonly #bots = new Map<string, AccountId>();
  readonly #accounts = new Set<AccountId>();
  /** Last known expiry of each lease held, by lease name and account. */
  readonly #expiry = new Map<string, number>();
  /** Bots whose lease this session lost (a renewal found it gone): they must not trade here again. */
  readonly #lost = new Set<string>();

  readonly #notify: (message: string) => void;

  constructor(
    store: StateStore,
    options: { sessionId: string; ttlMs: number; now: () => number; notify?: (message: string) => void },
  ) {
    this.#store = store;
    this.sessionId = options.sessionId;
    this.ttlMs = options.ttlMs;
    this.#now = options.now;
    this.#notify = options.notify ?? (() => undefined);
  }

  /**
   * Takes the session lease on every account, then each bot's lease. A bot another live session holds throws
   * BotAlreadyRunningError after everything taken here is released again. A lease left by a process of this host
   * that no longer exists (killed with kill -9) is taken over at once when that process's record proves it ran in
   * this pid space, else waited for: it expires within one ttl.
   */
  async claim(claims: readonly BotClaim[]): Promise<void> {
    try {
      for (const account of new Set(claims.map((claim) => claim.account))) {
        await this.#take(account, sessionLease(this.sessionId));
        this.#accounts.add(account);
        await this.#publish(account, claims);
      }
      for (const { bot, account } of claims) await this.#claimBot(bot, account);
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  async #claimBot(bot: string, account: AccountId): Promise<void> {
    for (let waits = 0; ; waits += 1) {
      const answer = await this.#store.acquireLease(account, botLease(bot), this.sessionId, this.ttlMs);
      if (answer.acquired) {
        this.#bots.set(bot, account);
        this.#expiry.set(`${account}|${botLease(bot)}`, answer.expiresAt);
        return;
      }
      if (waits >= WAITS_FOR_DEAD_HOLDER || !holderIsGone(answer.holder))
        throw new BotAlreadyRunningError(bot, answer.holder, answer.expiresAt);
      if (await this.#takeOverFromDead(account, bot, answer.holder)) continue;
      const waitMs = Math.max(0, answer.expiresAt - this.#now()) + 50;
      this.#notify(
        `bot "${bot}": its last session (${answer.holder}) ended without releasing its lease; waiting ${Math.ceil(waitMs / 1000)}s for it to expire`,
      );
      await sleep(waitMs);
    }
  }

  /**
   * Frees the leases of a dead holder of `bot` when its own record says it ran in this pid space: its pid no
   * longer runs here, so it surely died (killed with kill -9, crashed) and waiting for its leases to expire (up to
   * a ttl) only keeps the bot from trading. False when that cannot be proven (no record, another pid space, a
   * store failure): the caller then waits as before.
   */
  async #takeOverFromDead(account: AccountId, bot: string, holder: string): Promise<boolean> {
    const space = pidSpace();
    if (space === undefined) return false;
    try {
      const info = await readSessionInfo(this.#store, account, holder);
      if (info?.pidSpace !== space) return false;
      await this.#store.releaseLease(account, botLease(bot), holder);
      await this.#store.releaseLease(account, sessionLease(holder), holder);
    } catch {
      return false;
    }
    this.#notify(
      `bot "${bot}": its last session (${holder}) ended without releasing its lease, and its process no longer runs; lease taken over`,
    );
    return true;
  }

  /** Renews every lease. A session lease that lapsed is taken again; a bot lease that lapsed is lost. */
  async renew(): Promise<RenewalResult> {
    const result: RenewalResult = { lost: [], problems: [] };
    for (const account of this.#accounts) {
      const name = sessionLease(this.sessionId);
      await this.#attempt(result, async () => {
        if (!(await this.#extend(account, name))) await this.#take(account, name);
      });
    }
    for (const [bot, account] of this.#bots) {
      const key = `${account}|${botLease(bot)}`;
      const kept = await this.#attempt(result, () => this.#extend(account, botLease(bot)));
      // A store that cannot answer cannot prove the lease is still ours once its last expiry has passed.
      const lapsed = kept === undefined && this.#now() >= (this.#expiry.get(key) ?? 0);
      if (kept === false || lapsed) {
        this.#bots.delete(bot);
        this.#lost.add(bot);
        result.lost.push(bot);
      }
    }
    return result;
  }

  /** Releases every lease this session holds (at a clean stop). Never throws. */
  async release(): Promise<void> {
    const releases = [
      ...[...this.#bots].map(([bot, account]) => [account, botLease(bot)] as const),
      ...[...this.#accounts].map((account) => [account, sessionLease(this.sessionId)] as const),
    ];
    const accounts = [...this.#accounts];
    this.#bots.clear();
    this.#accounts.clear();
    await Promise.allSettled([
      ...releases.map(([account, name]) => this.#store.releaseLease(account, name, this.sessionId)),
      ...accounts.map((account) => this.#store.deleteRecord(account, sessionInfoKey(this.sessionId))),
    ]);
  }

  /** Bots whose lease a renewal found gone, since the claim (a renewal during start-up included). */
  get lostBots(): ReadonlySet<string> {
    return this.#lost;
  }

  /** True while this session holds the bot's lease. */
  holds(bot: string): boolean {
    return this.#bots.has(bot);
  }

  /** Live sessions on the account other than this one. */
  async otherSessions(account: AccountId): Promise<LeaseInfo[]> {
    const leases = await this.#store.listLeases(account, SESSION_LEASES);
    return leases.filter((lease) => lease.holder !== this.sessionId);
  }

  /** Names of the bots whose lease is alive on the account (in any session). */
  async liveBots(account: AccountId): Promise<Set<string>> {
    const leases = await this.#store.listLeases(account, BOT_LEASES);
    return new Set(leases.map((lease) => lease.name.slice(BOT_LEASES.length)));
  }

  // Who runs here and since when, for the dashboard's active sessions: a failure costs no lease, only that line.
  async #publish(account: AccountId, claims: readonly BotClaim[]): Promise<void> {
    const bots = claims.filter((claim) => claim.account === account).map((claim) => claim.bot);
    try {
      const space = pidSpace();
      const info = { startedAt: this.#now(), bots, ...(space === undefined ? {} : { pidSpace: space }) };
      await publishSessionInfo(this.#store, account, this.sessionId, info);
    } catch (error) {
      this.#notify(`the session's info was not written to the store: ${describeError(error).message}`);
    }
  }

  async #take(account: AccountId, name: string): Promise<void> {
    const answer = await this.#store.acquireLease(account, name, this.sessionId, this.ttlMs);
    if (answer.acquired) this.#expiry.set(`${account}|${name}`, answer.expiresAt);
  }

  async #extend(account: AccountId, name: string): Promise<boolean> {
    const at = this.#now();
    const kept = await this.#store.renewLease(account, name, this.sessionId, this.ttlMs);
    if (kept) this.#expiry.set(`${account}|${name}`, at + this.ttlMs);
    return kept;
  }

  async #attempt<T>(result: RenewalResult, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      const { code, message } = describeError(error);
      result.problems.push({ message: `lease renewal failed (${code}): ${message}`, error });
      return undefined;
    }
  }
}
