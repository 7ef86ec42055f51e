/**
 * `@krakenkit/mock-exchange/msw` — the mock exchange as msw 2 request handlers: `krakenHandlers(exchange)` routes
 * Kraken REST calls (`/0/public/*`, `/0/private/*`) made with `fetch` to a `MockExchange` core, for a test suite
 * that already uses msw (give the client `fetch`, so requests go through the fetch transport msw intercepts).
 *
 * msw is an optional peer dependency of this package: install `msw` (2.x) yourself to use this entry. It is the
 * only entry that imports msw; the root entry and everything it loads never do.
 *
 * @module @krakenkit/mock-exchange/msw
 */

export { type KrakenHandlersOptions, krakenHandlers } from './adapters/msw.js';
