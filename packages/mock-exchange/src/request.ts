/** A request as an adapter hands it to the exchange core: method, path with query, headers, exact body bytes. */
export interface MockRequest {
  method: string;
  /** Path with query string, e.g. `/0/public/Ticker?pair=XBTUSD` or `/0/private/AddOrder`. */
  path: string;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  body?: string;
  /** Remote address, for API keys with an IP allowlist. */
  ip?: string;
}

/**
 * The core's answer. `drop` tells the adapter to fail the transport: `reset` = the request was not processed
 * (connection reset), `lost` = it was processed and the answer is lost. `delayMs` is injected latency.
 */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  delayMs: number;
  drop: 'reset' | 'lost' | undefined;
  /** Endpoint name that handled the request (for logs and tests). */
  endpoint: string | undefined;
}

export function header(headers: MockRequest['headers'], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** A Kraken envelope: `{ error: [], result }` on success, `{ error: [code] }` on failure. */
export function envelope(
  result: { ok: true; value: unknown } | { ok: false; errors: readonly string[] },
  endpoint: string | undefined,
  status = 200,
): MockResponse {
  const body = result.ok ? { error: [], result: result.value } : { error: result.errors };
  return {
    status,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify(body),
    delayMs: 0,
    drop: undefined,
    endpoint,
  };
}
