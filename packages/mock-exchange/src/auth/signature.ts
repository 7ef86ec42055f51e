import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Kraken's API-Sign, computed independently of @krakenkit/client (docs/kraken/rest-authentication.md):
 * base64(HMAC-SHA512(base64decode(secret), uriPath + SHA256(nonce + body))). The body is the exact text sent.
 */
export function computeApiSign(secret: Buffer, uriPath: string, nonce: string, body: string): Buffer {
  const inner = createHash('sha256')
    .update(nonce + body, 'utf8')
    .digest();
  return createHmac('sha512', secret)
    .update(Buffer.concat([Buffer.from(uriPath, 'utf8'), inner]))
    .digest();
}

/** True when `apiSign` (base64 header text) is the signature of this request under `secret`. */
export function verifyApiSign(
  secret: Buffer,
  uriPath: string,
  nonce: string,
  body: string,
  apiSign: string,
): boolean {
  const expected = computeApiSign(secret, uriPath, nonce, body);
  const given = Buffer.from(apiSign, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Decodes a base64 secret; undefined when it is not base64 text. */
export function decodeSecret(secret: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) return undefined;
  const bytes = Buffer.from(secret, 'base64');
  return bytes.length > 0 ? bytes : undefined;
}
