/** A request as an adapter hands it to the exchange core: method, path with query, headers, exact body bytes. */
export interface MockRequest {
  method: string;
  /** Path with query string, e.g. `/0/public/Ticker?pair=XBTUSD` or `/0/private/AddOrder`. */
  path: string;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  body?: string;
  /** Remote address, for API keys with an IP allowlist. */
  ip?: string | undefined;
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

/**
 * A header's value, its name in any case. node:http hands names in lower case, so the direct look-up answers the
 * loopback server at once; other adapters (the client's own `API-Key`) are matched by one pass over the names.
 */
export function header(headers: MockRequest['headers'], name: string): string | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(headers, lower)) return headers[lower];
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return headers[key];
  return undefined;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** What every success envelope starts with; only the result is encoded per answer. */
const SUCCESS_PREFIX = '{"error":[],"result":';

/** A Kraken envelope: `{ error: [], result }` on success, `{ error: [code] }` on failure. */
export function envelope(
  result: { ok: true; value: unknown } | { ok: false; errors: readonly string[] },
  endpoint: string | undefined,
  status = 200,
): MockResponse {
  return {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: result.ok ? successBody(result.value) : `{"error":${JSON.stringify(result.errors)}}`,
    delayMs: 0,
    drop: undefined,
    endpoint,
  };
}

/** A result already encoded as JSON (an answer kept between calls), put into the envelope as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** `{"error":[],"result":…}`, exactly as JSON.stringify writes the whole object (no result key for undefined). */
function successBody(value: unknown): string {
  const result = value instanceof JsonText ? value.text : JSON.stringify(value);
  return result === undefined ? '{"error":[]}' : `${SUCCESS_PREFIX}${result}}`;
}
