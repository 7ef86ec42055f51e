import { createHash, timingSafeEqual } from 'node:crypto';
import type { ExchangeMetrics, MetricsWindow } from './exchange-metrics.js';

/** Where the loopback server answers metrics requests: apart from Kraken's `/0/…` and `/v2`. */
export const ADMIN_PREFIX = '/__mock/';

/** The admin route's answer. */
export interface AdminAnswer {
  status: number;
  body: string;
}

/**
 * Answers `GET /__mock/report?from=<ms>&to=<ms>`, `GET /__mock/orders[?account=<id>]` and `GET /__mock/series`
 * with JSON, for a caller that presents `Authorization: Bearer <token>`. Returns undefined for other paths.
 */
export function answerAdmin(
  metrics: ExchangeMetrics,
  token: string,
  request: { method: string; url: string; authorization: string | undefined },
): AdminAnswer | undefined {
  if (!request.url.startsWith(ADMIN_PREFIX)) return undefined;
  if (!sameSecret(request.authorization ?? '', `Bearer ${token}`))
    return text(401, 'missing or wrong admin token');
  if (request.method !== 'GET') return text(405, 'only GET');
  const url = new URL(request.url, 'http://127.0.0.1');
  switch (url.pathname.slice(ADMIN_PREFIX.length)) {
    case 'report': {
      const window = readWindow(url.searchParams);
      return window === undefined
        ? text(400, 'from and to must be epoch milliseconds')
        : json(metrics.report(window));
    }
    case 'orders':
      return json(metrics.orders(url.searchParams.get('account') ?? undefined));
    case 'series':
      return json(metrics.series());
    default:
      return text(404, 'admin routes: report, orders, series');
  }
}

function readWindow(params: URLSearchParams): MetricsWindow | undefined {
  const window: MetricsWindow = {};
  for (const name of ['from', 'to'] as const) {
    const value = params.get(name);
    if (value === null) continue;
    const ms = Number(value);
    if (!Number.isFinite(ms)) return undefined;
    window[name] = ms;
  }
  return window;
}

// Digests first, so the comparison takes the same time whatever the lengths.
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function json(value: unknown): AdminAnswer {
  return { status: 200, body: JSON.stringify(value) };
}

function text(status: number, message: string): AdminAnswer {
  return { status, body: JSON.stringify({ error: message }) };
}
