import { KRAKEN_WS_URL } from '@krakenkit/client/ws';
import type { ExchangeConfig } from '../config/schema.js';

const KRAKEN_REST_HOST = 'api.kraken.com';

/**
 * The WebSocket v2 endpoint of a session's market data: the embedded mock's (`mockWsUrl`), `exchange.wsUrl` when
 * set, Kraken's own with Kraken's REST URL, else the REST URL's host at `/v2` (where `krakenkit mock` serves it).
 */
export function marketWsUrl(exchange: ExchangeConfig, mockWsUrl: string | undefined): string {
  if (mockWsUrl !== undefined) return mockWsUrl;
  if (exchange.kind !== 'kraken') throw new Error('the embedded mock exchange is not running');
  if (exchange.wsUrl !== undefined) return exchange.wsUrl;
  const rest = new URL(exchange.restUrl);
  if (rest.hostname === KRAKEN_REST_HOST) return KRAKEN_WS_URL;
  return `${rest.protocol === 'https:' ? 'wss' : 'ws'}://${rest.host}/v2`;
}
