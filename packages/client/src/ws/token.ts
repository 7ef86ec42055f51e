import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenkitError } from '../errors/index.js';

/**
 * The WebSocket token for private subscriptions and trading. Fetched through the injected getter (normally
 * `client.getWebSocketsToken()`), once per connection: `invalidate()` runs whenever a socket opens, so every
 * connection authenticates with a fresh token. Within a connection the token is reused while younger than `maxAgeMs`
 * (Kraken: use within 15 minutes; an established private subscription keeps it valid), and refetched after that.
 */
export class TokenCache {
  readonly #getToken: (() => Promise<string>) | undefined;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #token: { value: string; at: number } | undefined;
  #inflight: Promise<string> | undefined;
  #generation = 0;

  constructor(getToken: (() => Promise<string>) | undefined, maxAgeMs: number, now: () => number) {
    this.#getToken = getToken;
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
  }

  /** Forget the token (new connection, or Kraken rejected it). */
  invalidate(): void {
    this.#token = undefined;
    this.#inflight = undefined;
    this.#generation += 1;
  }

  /** The current token, fetching one if there is none or it is too old to start a new private request. */
  get(keepAlive: boolean): Promise<string> {
    const token = this.#token;
    if (token !== undefined && (keepAlive || this.#now() - token.at < this.#maxAgeMs)) {
      return Promise.resolve(token.value);
    }
    if (this.#inflight !== undefined) return this.#inflight;
    const getToken = this.#getToken;
    if (getToken === undefined) {
      return Promise.reject(
        new KrakenkitError('private WebSocket calls need a token: pass getToken to createWsClient', {
          code: KRAKENKIT_CODES.WS_NO_TOKEN,
          category: 'config',
        }),
      );
    }
    const generation = this.#generation;
    // Aged from when it was asked for: Kraken made it somewhere between then and its arrival, and a token is good
    // for a fixed time from its making, so the earlier time is the safe one.
    const askedAt = this.#now();
    const inflight = (async () => {
      const value = await getToken();
      if (typeof value !== 'string' || value.length === 0) {
        throw new KrakenkitError('getToken returned no token', {
          code: KRAKENKIT_CODES.WS_NO_TOKEN,
          category: 'auth',
        });
      }
      if (generation === this.#generation) this.#token = { value, at: askedAt };
      return value;
    })();
    this.#inflight = inflight;
    const clear = (): void => {
      if (this.#inflight === inflight) this.#inflight = undefined;
    };
    inflight.then(clear, clear);
    return inflight;
  }
}
