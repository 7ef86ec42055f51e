/**
 * The bench's API keys and how a signed Balance call is built from one (Kraken's documented recipe:
 * API-Sign = base64(HMAC-SHA512(base64decode(secret), path + SHA256(nonce + body)))). One key per connection, so
 * each connection's nonces reach the server in the order they were made, as Kraken requires without a nonce window.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const BALANCE_PATH = '/0/private/Balance';

/** A key as both servers are told it (the secret as base64 text, the way Kraken hands it out). */
export interface BenchKey {
  apiKey: string;
  apiSecret: string;
}

/** A ready request: its body and headers, signed for one nonce. */
export interface SignedCall {
  body: string;
  headers: Record<string, string>;
}

export function makeKeys(count: number): BenchKey[] {
  return Array.from({ length: count }, (_, i) => ({
    apiKey: `mock-e2e-${i}`,
    apiSecret: randomBytes(64).toString('base64'),
  }));
}

/**
 * Signs Balance calls for one key with nonces that only ever grow: every server sees each key's nonces increase,
 * across rounds and contestants alike.
 */
export class KeySigner {
  readonly #key: BenchKey;
  readonly #secret: Buffer;
  #nonce: bigint;

  constructor(key: BenchKey, firstNonce: bigint) {
    this.#key = key;
    this.#secret = Buffer.from(key.apiSecret, 'base64');
    this.#nonce = firstNonce;
  }

  next(): SignedCall {
    this.#nonce += 1n;
    const nonce = this.#nonce.toString();
    const body = `nonce=${nonce}`;
    const inner = createHash('sha256')
      .update(nonce + body)
      .digest();
    const sign = createHmac('sha512', this.#secret).update(BALANCE_PATH).update(inner).digest('base64');
    return {
      body,
      headers: {
        'api-key': this.#key.apiKey,
        'api-sign': sign,
        'content-type': 'application/x-www-form-urlencoded',
      },
    };
  }

  /** `count` calls signed ahead, so signing stays out of the timed window (the driver shares the machine). */
  batch(count: number): SignedCall[] {
    return Array.from({ length: count }, () => this.next());
  }
}
