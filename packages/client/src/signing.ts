/**
 * Kraken's REST request signature (API-Sign), exactly as documented in "Spot REST Authentication":
 * `base64(HMAC-SHA512(base64decode(secret), uriPath + SHA256(nonce + postData)))`.
 * The body signed must be the very string that is sent; build it once, sign it, send it.
 */
import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';
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
 * Decodes the secret once and returns a signer for the hot path (the client holds one per key).
 * @throws ConfigError when the secret is not base64.
 */
export function createSigner(secret: string): RequestSigner {
  const pads = new HmacPads(decodeSecret(secret).export());
  return (uriPath, nonce, postData) => pads.sign(uriPath, nonce, postData);
}

function signWithKey(key: KeyObject, uriPath: string, nonce: string, postData: string): string {
  // The one-shot hash allocates no Hash object: on the order path each one is garbage to collect.
  const inner = hash('sha256', nonce + postData, 'buffer');
  return createHmac('sha512', key).update(uriPath).update(inner).digest('base64');
}

/** SHA-512's block size (bytes): HMAC pads the key to one block. */
const BLOCK = 128;
/** The longest path the scratch buffer takes (chars, 3 bytes each at most in UTF-8); a longer one takes createHmac. */
const MAX_PATH_CHARS = 256;
const SHA256_BYTES = 32;
const SHA512_BYTES = 64;

/**
 * HMAC-SHA512 as RFC 2104 defines it, `H((K ^ opad) || H((K ^ ipad) || message))`, with the two padded key blocks
 * computed once per key and each hash taken by node:crypto's one-shot `hash()`. `createHmac` builds a stream
 * object per call; on the order path, through real sockets, this signs in about two thirds of its time
 * (docs/decisions/0015-signing-with-precomputed-hmac-pads.md). Tests hold it to createHmac and the official vector.
 * The pads are the secret in another form: they live in buffers outside the JS heap and are never exposed.
 */
class HmacPads {
  /** `K ^ ipad`, followed by room for the path and the SHA-256 digest: the inner message is written in place. */
  readonly #inner = Buffer.alloc(BLOCK + 3 * MAX_PATH_CHARS + SHA256_BYTES, 0x36);
  /** `K ^ opad`, followed by room for the inner digest. */
  readonly #outer = Buffer.alloc(BLOCK + SHA512_BYTES, 0x5c);
  readonly #key: KeyObject;

  constructor(key: Buffer) {
    // A key longer than the block is hashed first (RFC 2104 section 2); Kraken's secrets are 64 bytes.
    const block = key.length > BLOCK ? hash('sha512', key, 'buffer') : key;
    for (let i = 0; i < block.length; i += 1) {
      (this.#inner[i] as number) ^= block[i] as number;
      (this.#outer[i] as number) ^= block[i] as number;
    }
    this.#key = createSecretKey(key);
    key.fill(0);
  }

  sign(uriPath: string, nonce: string, postData: string): string {
    if (uriPath.length > MAX_PATH_CHARS) return signWithKey(this.#key, uriPath, nonce, postData);
    const inner = this.#inner;
    const digest = hash('sha256', nonce + postData, 'buffer');
    let end = BLOCK + inner.write(uriPath, BLOCK, 'utf8');
    end += digest.copy(inner, end);
    // Synchronous from here to the return: no other signature can write the scratch buffers meanwhile.
    hash('sha512', inner.subarray(0, end), 'buffer').copy(this.#outer, BLOCK);
    return hash('sha512', this.#outer, 'base64');
  }
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
