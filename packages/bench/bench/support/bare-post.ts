/**
 * The bare client's one private call, as a careful hand-written caller makes it: the documented signing recipe with
 * node:crypto, undici `Pool.request`, `JSON.parse` of Kraken's envelope. `barePost` returns the envelope's `error`
 * list (empty on success), `barePostEnvelope` the whole envelope; a transport failure throws.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Dispatcher, Pool } from 'undici';

export interface BareKey {
  apiKey: string;
  /** The decoded secret. */
  secret: Buffer;
}

/** Kraken's answer envelope as the bare caller reads it. */
export interface BareEnvelope {
  error: string[];
  result?: unknown;
}

export async function barePost(
  pool: Pool,
  key: BareKey,
  path: string,
  nonce: number,
  body: string,
): Promise<string[]> {
  const response = await pool.request(signedPost(key, path, nonce, body));
  return (JSON.parse(await response.body.text()) as BareEnvelope).error;
}

/** The same call, returning the whole envelope (for a caller that needs the result, e.g. an order's txid). */
export async function barePostEnvelope(
  pool: Pool,
  key: BareKey,
  path: string,
  nonce: number,
  body: string,
): Promise<BareEnvelope> {
  const response = await pool.request(signedPost(key, path, nonce, body));
  return JSON.parse(await response.body.text()) as BareEnvelope;
}

/** The signed request of one private call: Kraken's documented recipe. */
function signedPost(key: BareKey, path: string, nonce: number, body: string): Dispatcher.RequestOptions {
  const inner = createHash('sha256').update(`${nonce}${body}`).digest();
  const sign = createHmac('sha512', key.secret).update(path).update(inner).digest('base64');
  return {
    method: 'POST',
    path,
    body,
    headers: {
      'API-Key': key.apiKey,
      'API-Sign': sign,
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      'User-Agent': 'bench',
    },
  };
}
