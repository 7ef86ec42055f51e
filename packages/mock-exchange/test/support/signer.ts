import { createHash, createHmac } from 'node:crypto';
import type { MockExchange } from '../../src/exchange.js';
import type { MockRequest, MockResponse } from '../../src/request.js';

/** Test credentials of one key. */
export interface TestKey {
  apiKey: string;
  apiSecret: string;
}

export type Encoding = 'form' | 'json';

/** Kraken's API-Sign over the exact body (test-side implementation, from the docs' formula). */
export function sign(secret: string, path: string, nonce: string, body: string): string {
  const inner = createHash('sha256')
    .update(nonce + body)
    .digest();
  return createHmac('sha512', Buffer.from(secret, 'base64'))
    .update(Buffer.concat([Buffer.from(path), inner]))
    .digest('base64');
}

let lastNonce = 0n;

/** A strictly increasing nonce shared by every test request of the process. */
export function nextNonce(): string {
  const candidate = BigInt(Date.now()) * 1000n;
  lastNonce = candidate > lastNonce ? candidate : lastNonce + 1n;
  return lastNonce.toString();
}

/** Form encoding with nested objects as `close[ordertype]`. */
export function formEncode(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  const add = (prefix: string, value: unknown): void => {
    if (value === undefined) return;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) add(`${prefix}[${k}]`, v);
    } else if (Array.isArray(value)) {
      search.append(prefix, value.join(','));
    } else {
      search.append(prefix, String(value));
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return search.toString();
}

/** Builds a signed private request (nonce first, as Kraken's examples). */
export function signedRequest(
  key: TestKey,
  method: string,
  params: Record<string, unknown> = {},
  options: { encoding?: Encoding; nonce?: string; ip?: string } = {},
): MockRequest {
  const nonce = options.nonce ?? nextNonce();
  const encoding = options.encoding ?? 'form';
  const body = encoding === 'json' ? JSON.stringify({ nonce, ...params }) : formEncode({ nonce, ...params });
  return {
    ...signedBody(key, method, nonce, body, encoding),
    ...(options.ip !== undefined ? { ip: options.ip } : {}),
  };
}

/** A private call of `method` carrying `body` exactly as given (signed with `nonce`, the nonce text it holds). */
export function signedBody(
  key: TestKey,
  method: string,
  nonce: string,
  body: string,
  encoding: Encoding = 'form',
): MockRequest {
  const path = `/0/private/${method}`;
  return {
    method: 'POST',
    path,
    headers: {
      'API-Key': key.apiKey,
      'API-Sign': sign(key.apiSecret, path, nonce, body),
      'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body,
  };
}

export interface Envelope {
  error: string[];
  result?: unknown;
}

export function parseEnvelope(response: MockResponse): Envelope {
  return JSON.parse(response.body) as Envelope;
}

/** Calls a private endpoint on the core and returns the envelope. */
export function call(
  exchange: MockExchange,
  key: TestKey,
  method: string,
  params: Record<string, unknown> = {},
  options: { encoding?: Encoding; nonce?: string; ip?: string } = {},
): Envelope {
  return parseEnvelope(exchange.handle(signedRequest(key, method, params, options)));
}

/** Calls a private endpoint and returns `result`, failing the test with the error array otherwise. */
export function ok<T = Record<string, unknown>>(
  exchange: MockExchange,
  key: TestKey,
  method: string,
  params: Record<string, unknown> = {},
  options: { encoding?: Encoding } = {},
): T {
  const envelope = call(exchange, key, method, params, options);
  if (envelope.error.length > 0) throw new Error(`${method} failed: ${envelope.error.join(', ')}`);
  return envelope.result as T;
}

/** Public GET. */
export function publicCall(
  exchange: MockExchange,
  method: string,
  query: Record<string, string> = {},
): Envelope {
  const qs = new URLSearchParams(query).toString();
  return parseEnvelope(
    exchange.handle({ method: 'GET', path: `/0/public/${method}${qs ? `?${qs}` : ''}`, headers: {} }),
  );
}
