import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenkitError } from '../errors/index.js';

/**
 * A frame from the server was not valid JSON or did not have the shape Kraken documents for its channel or method.
 * The frame is dropped and this error is emitted as a `protocol-error` event; the connection keeps running.
 */
export class WsProtocolError extends KrakenkitError {
  override name = 'WsProtocolError';
  /** Where in the frame the problem is, e.g. `data[0].bids[3].price` (empty for the frame as a whole). */
  readonly path: string;
  /** The start of the offending frame (at most 200 characters), for diagnosis. */
  readonly excerpt: string;

  constructor(path: string, problem: string, frame: string) {
    super(`malformed WebSocket frame${path ? ` at ${path}` : ''}: ${problem}`, {
      code: KRAKENKIT_CODES.WS_PROTOCOL,
      category: 'service',
    });
    this.path = path;
    // Kraken never echoes a token, but excerpts travel in events that users log: never let one leak through.
    const safe = frame.replace(/("token"\s*:\s*")[^"]*"/g, '$1[redacted]"');
    this.excerpt = safe.length > 200 ? `${safe.slice(0, 200)}…` : safe;
  }
}

/** The local order book for a symbol is not in a state that may be served (awaiting snapshot, resyncing, failed). */
export class BookUnavailableError extends KrakenkitError {
  override name = 'BookUnavailableError';
  readonly symbol: string;
  readonly state: string;

  constructor(symbol: string, state: string) {
    super(`order book for ${symbol} is not available: it is ${state}`, {
      code: KRAKENKIT_CODES.WS_BOOK_UNAVAILABLE,
      category: 'service',
      retryable: true,
    });
    this.symbol = symbol;
    this.state = state;
  }
}

/**
 * A stream's consumer fell behind and its bounded buffer filled up under the `error` policy (used for executions and
 * balances, which must never be dropped silently). The iterator throws this and ends.
 */
export class WsBufferOverflowError extends KrakenkitError {
  override name = 'WsBufferOverflowError';
  readonly channel: string;
  readonly capacity: number;

  constructor(channel: string, capacity: number) {
    super(
      `consumer of the ${channel} stream fell behind: ${capacity} messages were buffered, the bound; the stream was ended rather than drop any`,
      { code: KRAKENKIT_CODES.WS_BUFFER_OVERFLOW, category: 'service' },
    );
    this.channel = channel;
    this.capacity = capacity;
  }
}
