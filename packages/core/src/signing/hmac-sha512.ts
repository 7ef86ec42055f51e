import { hash } from 'node:crypto';

const BLOCK_BYTES = 128;
const DIGEST_BYTES = 64;
/** Texts whose message buffer is kept (URI paths: an API has a few dozen); others get one made per call. */
const MOST_KEPT_TEXTS = 256;

/** How a digest comes out: a byte string (one character per byte) or base64 text (Kraken's API-Sign header). */
export type DigestEncoding = 'binary' | 'base64';

/**
 * An HMAC-SHA512 key with its padded blocks prepared once (RFC 2104: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))), so a
 * message costs two one-shot SHA-512 calls instead of a new Hmac object. Digests travel as byte strings (one
 * character per byte, Node's `binary`/`latin1`), which Node makes far more cheaply than a new Buffer each; the
 * bytes are those of `createHmac`. The client signs every private call with one, and the mock exchange verifies
 * every signature with one; tests hold it to `createHmac` and to Kraken's official signing vector. Measured in a
 * tight loop, a Kraken signature costs 1.9 µs this way against 4.4 µs with `createHmac` (decision 0015).
 */
export class HmacSha512Key {
  readonly #innerPad: Buffer;
  /**
   * Per text (a URI path: a few dozen at most), K ⊕ ipad ‖ text with room after it for the bytes: reused, a
   * digest being synchronous, so a call writes only its own bytes.
   */
  readonly #messages = new Map<string, { buffer: Buffer; bytesAt: number }>();
  /** K ⊕ opad followed by room for the inner digest; reused likewise. */
  readonly #outer: Buffer;

  constructor(secret: Uint8Array) {
    const key = secret.length > BLOCK_BYTES ? hash('sha512', secret, 'buffer') : secret;
    this.#innerPad = Buffer.alloc(BLOCK_BYTES, 0x36);
    this.#outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES);
    this.#outer.fill(0x5c, 0, BLOCK_BYTES);
    for (let i = 0; i < key.length; i += 1) {
      this.#innerPad[i] = 0x36 ^ (key[i] as number);
      this.#outer[i] = 0x5c ^ (key[i] as number);
    }
  }

  /**
   * The HMAC of `text` (UTF-8) followed by `bytes` (a byte string), as a byte string or base64 text: Kraken signs
   * the URI path followed by a SHA-256 digest.
   */
  digest(text: string, bytes: string, encoding: DigestEncoding = 'binary'): string {
    let message = this.#messages.get(text);
    if (message === undefined || message.buffer.length !== message.bytesAt + bytes.length) {
      message = this.#message(text, bytes.length);
      if (this.#messages.has(text) || this.#messages.size < MOST_KEPT_TEXTS)
        this.#messages.set(text, message);
    }
    message.buffer.write(bytes, message.bytesAt, 'latin1');
    this.#outer.write(hash('sha512', message.buffer, 'binary'), BLOCK_BYTES, 'latin1');
    return hash('sha512', this.#outer, encoding);
  }

  #message(text: string, bytesLength: number): { buffer: Buffer; bytesAt: number } {
    const bytesAt = BLOCK_BYTES + Buffer.byteLength(text, 'utf8');
    const buffer = Buffer.alloc(bytesAt + bytesLength);
    this.#innerPad.copy(buffer, 0);
    buffer.write(text, BLOCK_BYTES, 'utf8');
    return { buffer, bytesAt };
  }
}
