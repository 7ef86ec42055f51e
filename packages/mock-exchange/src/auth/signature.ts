import { hash, timingSafeEqual } from 'node:crypto';
import { HmacSha512Key } from '@krakenkit/core/signing';

/**
 * Kraken's API-Sign, computed independently of @krakenkit/client (docs/kraken/rest-authentication.md):
 * base64(HMAC-SHA512(base64decode(secret), uriPath + SHA256(nonce + body))). The body is the exact text sent.
 */
export function computeApiSign(secret: Buffer, uriPath: string, nonce: string, body: string): Buffer {
  return apiSignWith(new HmacSha512Key(secret), uriPath, nonce, body);
}

/** True when `apiSign` (base64 header text) is the signature of this request under `secret`. */
export function verifyApiSign(
  secret: Buffer,
  uriPath: string,
  nonce: string,
  body: string,
  apiSign: string,
): boolean {
  return verifyApiSignWith(new HmacSha512Key(secret), uriPath, nonce, body, apiSign);
}

/** {@link computeApiSign} under a key prepared once (an API key's state holds it). */
export function apiSignWith(key: HmacSha512Key, uriPath: string, nonce: string, body: string): Buffer {
  return Buffer.from(apiSignBytes(key, uriPath, nonce, body), 'latin1');
}

/** {@link verifyApiSign} under a key prepared once: what authentication runs on every private call. */
export function verifyApiSignWith(
  key: HmacSha512Key,
  uriPath: string,
  nonce: string,
  body: string,
  apiSign: string,
): boolean {
  // Decoded into a buffer one byte longer than a signature: filling it means the header held too many bytes.
  const written = GIVEN.write(apiSign, 0, 'base64');
  if (written !== SIGNATURE_BYTES) return false;
  EXPECTED.write(apiSignBytes(key, uriPath, nonce, body), 0, 'latin1');
  return timingSafeEqual(GIVEN_SIGNATURE, EXPECTED);
}

/** The signature as a byte string (one character per byte): no Buffer made per call. */
function apiSignBytes(key: HmacSha512Key, uriPath: string, nonce: string, body: string): string {
  return key.digest(uriPath, hash('sha256', nonce + body, 'binary'));
}

const SIGNATURE_BYTES = 64;
/** Where a header's signature is decoded and the expected one written (reused: verification is synchronous). */
const GIVEN = Buffer.alloc(SIGNATURE_BYTES + 1);
const GIVEN_SIGNATURE = GIVEN.subarray(0, SIGNATURE_BYTES);
const EXPECTED = Buffer.alloc(SIGNATURE_BYTES);

/** Decodes a base64 secret; undefined when it is not base64 text. */
export function decodeSecret(secret: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) return undefined;
  const bytes = Buffer.from(secret, 'base64');
  return bytes.length > 0 ? bytes : undefined;
}
