/**
 * Kraken's REST request signature (API-Sign), exactly as documented in "Spot REST Authentication":
 * `base64(HMAC-SHA512(base64decode(secret), uriPath + SHA256(nonce + postData)))`.
 * The body signed must be the very string that is sent; build it once, sign it, send it.
 */
import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';
import { HmacSha512Key } from '@krakenkit/core/signing';
import { ConfigError } from './errors/index.js';

/** Signs one request with an already-decoded key. */
export type RequestSigner = (uriPath: string, nonce: string, postData: string) => string;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// A few keys per process is the norm; the bound only stops a caller that signs with endless secrets from growing it.
const MAX_CACHED_KEYS = 32;
const keyCache = new Map<string, KeyObject>();

/**
 * Computes the `API-Sign` header for a private call.
 *
 * @param secret - the API key's private key, base64 as Kraken shows it (never logged, never in an error).
 * @param uriPath - the path signed, e.g. `/0/private/AddOrder`.
 * @param nonce - the nonce that is also inside `postData` (decimal digits).
 * @param postData - the exact body sent: form-encoded text or JSON text.
 * @returns the base64 signature.
 * @throws ConfigError when the secret is not base64 (the message never contains the secret).
 */
export function signRequest(
  secret: string,
  uriPath: string,
  nonce: string | bigint | number,
  postData: string,
): string {
  return signWithKey(cachedKey(secret), uriPath, String(nonce), postData);
}

/**
 * Decodes the secret once and returns a signer for the hot path (the client holds one per key): HMAC-SHA512 with
 * the key's padded blocks prepared once and digests passed as byte strings (`HmacSha512Key`, shared with the mock
 * exchange's verifier), where `createHmac` builds a stream object per call (docs/decisions/0015).
 * @throws ConfigError when the secret is not base64.
 */
export function createSigner(secret: string): RequestSigner {
  const raw = decodeSecret(secret).export();
  const key = new HmacSha512Key(raw);
  // The prepared key holds the pads (the secret in another form, outside the JS heap); this copy is not needed.
  raw.fill(0);
  return (uriPath, nonce, postData) =>
    key.digest(uriPath, hash('sha256', nonce + postData, 'binary'), 'base64');
}

function signWithKey(key: KeyObject, uriPath: string, nonce: string, postData: string): string {
  // The one-shot hash allocates no Hash object: on the order path each one is garbage to collect.
  const inner = hash('sha256', nonce + postData, 'buffer');
  return createHmac('sha512', key).update(uriPath).update(inner).digest('base64');
}

function cachedKey(secret: string): KeyObject {
  const hit = keyCache.get(secret);
  if (hit) return hit;
  const key = decodeSecret(secret);
  if (keyCache.size >= MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next();
    if (!oldest.done) keyCache.delete(oldest.value);
  }
  keyCache.set(secret, key);
  return key;
}

function decodeSecret(secret: string): KeyObject {
  // Buffer.from(..., 'base64') silently skips bad characters, which would sign with a wrong key: check first.
  if (typeof secret !== 'string' || secret.length === 0 || !BASE64.test(secret)) {
    throw new ConfigError([
      {
        path: 'key.apiSecret',
        message: 'the API secret is not base64 text (as Kraken shows the private key)',
      },
    ]);
  }
  return createSecretKey(Buffer.from(secret, 'base64'));
}
