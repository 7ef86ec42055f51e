/**
 * The bare client's one private call, as a careful hand-written caller makes it: the documented signing recipe with
 * node:crypto, undici `Pool.request`, `JSON.parse` of Kraken's envelope. Returns the envelope's `error` list (empty
 * on success); a transport failure throws.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Pool } from 'undici';

export interface BareKey {
  apiKey: string;
  /** The decoded secret. */
  secret: Buffer;
}

export async function barePost(
  pool: Pool,
  key: BareKey,
  path: string,
  nonce: number,
  body: string,
): Promise<string[]> {
  const inner = createHash('sha256').update(`${nonce}${body}`).digest();
  const sign = createHmac('sha512', key.secret).update(path).update(inner).digest('base64');
  const response = await pool.request({
    method: 'POST',
    path,
    body,
    headers: {
      'API-Key': key.apiKey,
      'API-Sign': sign,
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      'User-Agent': 'bench',
    },
  });
  return (JSON.parse(await response.body.text()) as { error: string[] }).error;
}
