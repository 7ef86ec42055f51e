import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenError, TransportError, ValidationError } from '../errors/index.js';
import type { TypedEmitter } from './emitter.js';
import type { WsEndpoint, WsEventMap } from './events.js';
import type { MethodResponse } from './messages.js';
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
  waiters: Array<{ resolve(): void; reject(error: unknown): void }>;
}

export interface SubscriptionsDeps {
  session(endpoint: WsEndpoint): WsSession;
  events: TypedEmitter<WsEventMap>;
  added(sub: WireSub): void;
  removed(sub: WireSub): void;
  /** The exchange acknowledged the subscription on the current socket. */
  acked(sub: WireSub): void;
}

/**
 * Which channel subscriptions should exist, and keeping the wire in step: each socket epoch gets every wanted
 * subscription sent once (so a reconnect restores them all, with a fresh token for private ones), acks are matched
 * per symbol, a subscription nobody holds any more is unsubscribed.
 */
export class Subscriptions {
  readonly #subs = new Map<string, WireSub>();
  readonly #deps: SubscriptionsDeps;

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
    for (const sub of this.#subs.values()) if (sub.endpoint === endpoint) sub.acked = false;
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
      for (const sub of group) this.#reject(sub, error);
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
        if (response.success) this.#ack(sub);
        else this.#reject(sub, new KrakenError([response.error ?? 'subscribe failed'], 'ws:subscribe'));
      }
    }
    for (const sub of open) this.#ack(sub);
  }

  #ack(sub: WireSub): void {
    if (this.#subs.get(sub.key) !== sub) return;
    sub.acked = true;
    this.#deps.acked(sub);
    for (const waiter of sub.waiters.splice(0)) waiter.resolve();
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
