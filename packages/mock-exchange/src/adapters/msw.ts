import { delay, type HttpHandler, HttpResponse, http } from 'msw';
import type { MockExchange } from '../exchange.js';

/** Options of {@link krakenHandlers}. */
export interface KrakenHandlersOptions {
  /** Origin to intercept (default https://api.kraken.com). */
  baseUrl?: string;
  /** Remote address the exchange sees (default 127.0.0.1). */
  ip?: string;
}

/**
 * msw 2 request handlers that route Kraken REST calls (`/0/public/*`, `/0/private/*`) to the exchange core:
 * for fetch-based code under test. Faults map to msw: latency → `delay`, dropped connections → a network error.
 */
export function krakenHandlers(exchange: MockExchange, options: KrakenHandlersOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? 'https://api.kraken.com').replace(/\/$/, '');
  return [
    http.all(`${base}/0/*`, async ({ request }) => {
      const url = new URL(request.url);
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      const response = exchange.handle({
        method: request.method,
        path: url.pathname + url.search,
        headers: Object.fromEntries(request.headers.entries()),
        body,
        ip: options.ip ?? '127.0.0.1',
      });
      if (response.delayMs > 0) await delay(response.delayMs);
      if (response.drop !== undefined) return HttpResponse.error();
      return new HttpResponse(response.body, { status: response.status, headers: response.headers });
    }),
  ];
}
