import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenError, TransportError, ValidationError } from '../errors/index.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import type { TypedEmitter } from './emitter.js';
import type { WsEndpoint, WsEventMap } from './events.js';
import type { MethodResponse } from './messages.js';
import {
  isAlreadySubscribed,
  isTransientSubscribeFailure,
  RESUBSCRIBE_ATTEMPTS_PER_SOCKET,
} from './resubscribe-retry.js';
import type { WsSession } from './session.js';
import { unsubscribeParams, type WireSpec } from './subscribe-request.js';

/** Where a wire subscription's data goes: one user stream (or an internal consumer). */
export interface Sink {
  deliver(event: unknown): void;
  fail(error: unknown): void;
}

/** A channel subscription on the wire, shared by every user stream that asked for it. */
export interface WireSub extends WireSpec {
  readonly signature: string;
  readonly sinks: Set<Sink>;
  /** Kept by the client itself (the instrument feed behind book precision): never unsubscribed. */
  internal: boolean;
  /** The socket epoch it was last subscribed on; a new socket (reconnect) resubscribes everything else. */
  sentEpoch: number;
  acked: boolean;
  /** Acknowledged at least once: a user stream is running on it, so a resubscribe that gets no answer is retried. */
  established: boolean;
  /** Resubscribes of it that failed without a refusal on the current socket (reset on ack and on a new socket). */
  failedResubscribes: number;
  waiters: Array<{ resolve(): void; reject(error: unknown): void }>;
}

export interface SubscriptionsDeps {
  session(endpoint: WsEndpoint): WsSession;
  events: TypedEmitter<WsEventMap>;
  added(sub: WireSub): void;
  removed(sub: WireSub): void;
  /** The exchange acknowledged the subscription on the current socket. */
  acked(sub: WireSub): void;
  /** Delays between retries of a resubscribe that got no answer (the reconnect backoff). */
  retryBackoff: BackoffOptions;
  random: () => number;
}

/**
 * Which channel subscriptions should exist, and keeping the wire in step: each socket epoch gets every wanted
 * subscription sent once (so a reconnect restores them all, with a fresh token for private ones), acks are matched
 * per symbol, a subscription nobody holds any more is unsubscribed.
 *
 * A refusal (`success: false`) ends the subscription's streams with the KrakenError. A first subscribe that gets no
 * answer rejects `ready` (the caller decides whether to try again). A resubscribe of an established subscription
 * that gets no answer, or fails in transport, on a socket still open is sent again after a backoff delay, the
 * streams untouched; "Already subscribed" on such a retry is its acknowledgement (the lost answer's request took
 * effect). After {@link RESUBSCRIBE_ATTEMPTS_PER_SOCKET} such failures the socket is dropped: the reconnect (with its
 * own backoff and `maxAttempts`) resubscribes everything on a fresh one. Each failure is emitted as an `error` event.
 */
export class Subscriptions {
  readonly #subs = new Map<string, WireSub>();
  readonly #deps: SubscriptionsDeps;
  readonly #retryTimers = new Set<ReturnType<typeof setTimeout>>();

  constructor(deps: SubscriptionsDeps) {
    this.#deps = deps;
  }

  get(key: string): WireSub | undefined {
    return this.#subs.get(key);
  }

  /** Attaches `sink` to the subscription for `spec`, creating it. Refuses a second holder with other params. */
  acquire(spec: WireSpec, sink: Sink, internal = false): WireSub {
    const signature = JSON.stringify(spec.params);
    const existing = this.#subs.get(spec.key);
    if (existing !== undefined) {
      if (existing.signature !== signature && !internal && !existing.internal) {
        throw new ValidationError(
          `ws:subscribe(${spec.channel})`,
          spec.params,
          `the same params as the live subscription ${spec.key} (${existing.signature})`,
        );
      }
      existing.sinks.add(sink);
      existing.internal ||= internal;
      return existing;
    }
    const sub: WireSub = {
      ...spec,
      signature,
      sinks: new Set([sink]),
      internal,
      sentEpoch: -1,
      acked: false,
      established: false,
      failedResubscribes: 0,
      waiters: [],
    };
    this.#subs.set(spec.key, sub);
    this.#deps.added(sub);
    return sub;
  }

  /** Detaches `sink`; the last holder's release unsubscribes on the wire. */
  release(sub: WireSub, sink: Sink): void {
    sub.sinks.delete(sink);
    if (sub.sinks.size > 0 || sub.internal || this.#subs.get(sub.key) !== sub) return;
    this.#remove(sub);
    const session = this.#deps.session(sub.endpoint);
    if (!session.isOpen || sub.sentEpoch !== session.epoch) return;
    session
      .request('unsubscribe', unsubscribeParams(sub), { auth: sub.endpoint === 'private' })
      .catch((error: unknown) =>
        this.#deps.events.emit('error', { endpoint: sub.endpoint, error, context: `unsubscribe ${sub.key}` }),
      );
  }

  /** Resolves when Kraken acknowledged the subscription; rejects if it refused it. */
  whenAcked(sub: WireSub): Promise<void> {
    if (sub.acked) return Promise.resolve();
    return new Promise((resolve, reject) => sub.waiters.push({ resolve, reject }));
  }

  /** Any private subscription acknowledged on the current socket (it keeps the token valid). */
  hasLivePrivate(): boolean {
    for (const sub of this.#subs.values()) if (sub.endpoint === 'private' && sub.acked) return true;
    return false;
  }

  /** Marks every subscription of the endpoint as not acknowledged (its socket dropped). */
  dropped(endpoint: WsEndpoint): void {
    for (const sub of this.#subs.values()) {
      if (sub.endpoint !== endpoint) continue;
      sub.acked = false;
      sub.failedResubscribes = 0;
    }
  }

  /** Sends what the endpoint's current socket has not been sent yet (connecting first if needed). */
  sync(endpoint: WsEndpoint): void {
    const session = this.#deps.session(endpoint);
    if (!session.isOpen) {
      session.connection.connect();
      return;
    }
    const epoch = session.epoch;
    const todo = [...this.#subs.values()].filter(
      (sub) => sub.endpoint === endpoint && sub.sentEpoch !== epoch,
    );
    for (const sub of todo) sub.sentEpoch = epoch;
    for (const group of groupByParams(todo)) void this.#subscribe(session, group, epoch);
  }

  /** Client closing: forget every subscription without unsubscribing; pending `ready` promises reject. */
  shutdown(error: unknown): void {
    const subs = [...this.#subs.values()];
    this.#subs.clear();
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    for (const sub of subs) {
      this.#deps.removed(sub);
      for (const waiter of sub.waiters.splice(0)) waiter.reject(error);
    }
  }

  async #subscribe(session: WsSession, group: WireSub[], epoch: number): Promise<void> {
    const first = group[0] as WireSub;
    const symbols = group.flatMap((sub) => (sub.symbol === undefined ? [] : [sub.symbol]));
    const params = {
      channel: first.channel,
      ...first.params,
      ...(symbols.length > 0 ? { symbol: symbols } : {}),
    };
    let responses: MethodResponse[];
    try {
      responses = await session.request('subscribe', params, {
        expected: Math.max(1, symbols.length),
        auth: first.endpoint === 'private',
        isFinal: (response) => !response.success && response.symbol === undefined,
      });
    } catch (error) {
      // A dropped socket is not a refusal: the next socket resubscribes (its epoch differs).
      if (
        session.epoch !== epoch ||
        (error instanceof TransportError && error.code === KRAKENKIT_CODES.WS_DISCONNECTED)
      )
        return;
      const retried = isTransientSubscribeFailure(error) ? group.filter((sub) => sub.established) : [];
      for (const sub of group) if (!retried.includes(sub)) this.#reject(sub, error);
      if (retried.length > 0) this.#retry(session, retried, epoch, error);
      return;
    }
    this.#settle(group, responses);
  }

  #settle(group: WireSub[], responses: readonly MethodResponse[]): void {
    const open = new Set(group);
    for (const response of responses) {
      const symbol = response.symbol ?? resultSymbol(response.result);
      const targets =
        group.length === 1 || symbol === undefined ? [...open] : group.filter((sub) => sub.symbol === symbol);
      for (const sub of targets) {
        open.delete(sub);
        if (response.success || (sub.failedResubscribes > 0 && isAlreadySubscribed(response))) this.#ack(sub);
        else this.#reject(sub, new KrakenError([response.error ?? 'subscribe failed'], 'ws:subscribe'));
      }
    }
    for (const sub of open) this.#ack(sub);
  }

  #ack(sub: WireSub): void {
    if (this.#subs.get(sub.key) !== sub) return;
    sub.acked = true;
    sub.established = true;
    sub.failedResubscribes = 0;
    this.#deps.acked(sub);
    for (const waiter of sub.waiters.splice(0)) waiter.resolve();
  }

  /**
   * Sends established subscriptions again after a resubscribe failed without a refusal, or drops the socket once
   * they failed too often on it. Nothing is left scheduled by `shutdown`, and the timer does not hold the process.
   */
  #retry(session: WsSession, subs: WireSub[], epoch: number, error: unknown): void {
    const current = subs.filter((sub) => this.#subs.get(sub.key) === sub);
    if (current.length === 0) return;
    const failures = Math.max(...current.map((sub) => sub.failedResubscribes)) + 1;
    for (const sub of current) sub.failedResubscribes = failures;
    const endpoint = session.endpoint;
    const keys = current.map((sub) => sub.key).join(', ');
    if (failures >= RESUBSCRIBE_ATTEMPTS_PER_SOCKET) {
      this.#deps.events.emit('error', {
        endpoint,
        error,
        context: `resubscribe ${keys} (attempt ${failures})`,
      });
      if (session.epoch === epoch && session.isOpen)
        session.connection.drop(`resubscribe of ${keys} failed ${failures} times on this socket`);
      return;
    }
    const timer = setTimeout(
      () => {
        this.#retryTimers.delete(timer);
        // A new socket resubscribes everything by itself; a released subscription is not sent again.
        if (session.epoch !== epoch) return;
        for (const sub of current)
          if (this.#subs.get(sub.key) === sub && sub.sentEpoch === epoch) sub.sentEpoch = -1;
        this.sync(endpoint);
      },
      backoffDelay(failures - 1, this.#deps.retryBackoff, this.#deps.random),
    );
    timer.unref();
    this.#retryTimers.add(timer);
    // Emitted once the retry is scheduled, so a listener that closes the client cancels it.
    this.#deps.events.emit('error', {
      endpoint,
      error,
      context: `resubscribe ${keys} (attempt ${failures})`,
    });
  }

  #reject(sub: WireSub, error: unknown): void {
    if (this.#subs.get(sub.key) === sub) this.#remove(sub);
    for (const waiter of sub.waiters.splice(0)) waiter.reject(error);
    for (const sink of [...sub.sinks]) sink.fail(error);
  }

  #remove(sub: WireSub): void {
    this.#subs.delete(sub.key);
    this.#deps.removed(sub);
  }
}

function resultSymbol(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const symbol = (result as Record<string, unknown>).symbol;
  return typeof symbol === 'string' ? symbol : undefined;
}

/** Subscriptions that can share one subscribe request: same channel and params, different symbols. */
function groupByParams(subs: readonly WireSub[]): WireSub[][] {
  const groups = new Map<string, WireSub[]>();
  for (const sub of subs) {
    const id = `${sub.channel}|${sub.signature}`;
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [sub]);
    else group.push(sub);
  }
  return [...groups.values()];
}
