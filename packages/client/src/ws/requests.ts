import type { MethodResponse } from './messages.js';

/** Why a tracked request ended without its responses, so the caller can say whether it may have taken effect. */
export type RequestEnd = 'timeout' | 'disconnected' | 'closed' | 'aborted';

export interface TrackOptions {
  /** Responses to collect before settling (Kraken answers `cancel_order` once per order, `subscribe` per symbol). */
  expected: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** A response that ends the wait even if fewer than `expected` came (e.g. an error for the whole request). */
  isFinal?: (response: MethodResponse) => boolean;
  /** Builds the rejection; `sent` says whether the request reached the socket. */
  fail: (end: RequestEnd, sent: boolean) => Error;
}

interface Pending {
  responses: MethodResponse[];
  expected: number;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve(responses: MethodResponse[]): void;
  reject(error: Error): void;
  fail: TrackOptions['fail'];
  isFinal: TrackOptions['isFinal'];
  detachAbort: () => void;
}

/**
 * Matches responses to requests by `req_id`. Each request has a timeout and an optional AbortSignal; every way it can
 * end clears its timer and listener, so nothing lingers after `close()`.
 */
export class RequestTracker {
  #nextId: () => number;
  readonly #pending = new Map<number, Pending>();

  /** `nextId` is shared by a client's connections so ids never repeat across them. */
  constructor(nextId: () => number) {
    this.#nextId = nextId;
  }

  get size(): number {
    return this.#pending.size;
  }

  allocate(): number {
    return this.#nextId();
  }

  /** Starts waiting for `reqId`'s responses. Call `markSent` once the frame is written. */
  track(reqId: number, options: TrackOptions): Promise<MethodResponse[]> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => this.#end(reqId, 'aborted');
      const signal = options.signal;
      signal?.addEventListener('abort', onAbort, { once: true });
      const pending: Pending = {
        responses: [],
        expected: Math.max(1, options.expected),
        sent: false,
        timer: setTimeout(() => this.#end(reqId, 'timeout'), options.timeoutMs),
        resolve,
        reject,
        fail: options.fail,
        isFinal: options.isFinal,
        detachAbort: () => signal?.removeEventListener('abort', onAbort),
      };
      this.#pending.set(reqId, pending);
      if (signal?.aborted) this.#end(reqId, 'aborted');
    });
  }

  markSent(reqId: number): void {
    const pending = this.#pending.get(reqId);
    if (pending !== undefined) pending.sent = true;
  }

  /** Feeds a response; returns false when no request is waiting for its `req_id`. */
  accept(response: MethodResponse): boolean {
    if (response.req_id === undefined) return false;
    const pending = this.#pending.get(response.req_id);
    if (pending === undefined) return false;
    pending.responses.push(response);
    if (pending.responses.length >= pending.expected || pending.isFinal?.(response) === true) {
      this.#settle(response.req_id, pending);
      pending.resolve(pending.responses);
    }
    return true;
  }

  /** Ends one request early (e.g. sending failed). */
  end(reqId: number, why: RequestEnd): void {
    this.#end(reqId, why);
  }

  /** Ends every waiting request (connection lost or client closed). */
  endAll(why: RequestEnd): void {
    for (const reqId of [...this.#pending.keys()]) this.#end(reqId, why);
  }

  #end(reqId: number, why: RequestEnd): void {
    const pending = this.#pending.get(reqId);
    if (pending === undefined) return;
    this.#settle(reqId, pending);
    pending.reject(pending.fail(why, pending.sent));
  }

  #settle(reqId: number, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.detachAbort();
    this.#pending.delete(reqId);
  }
}
