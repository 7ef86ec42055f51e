import { hash } from 'node:crypto';

const BLOCK_BYTES = 128;
const DIGEST_BYTES = 64;

/**
 * An HMAC-SHA512 key with its padded blocks prepared once (RFC 2104: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))), so a
 * message costs two one-shot SHA-512 calls instead of a new Hmac object. Digests travel as byte strings (one
 * character per byte, Node's `binary`/`latin1`), which Node makes far more cheaply than a new Buffer each; the
 * bytes are those of `createHmac`. An API key's state holds one; every private call is verified with it.
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
   * The HMAC, as a byte string, of `text` (UTF-8) followed by `bytes` (a byte string): Kraken signs the URI path
   * followed by a SHA-256 digest.
   */
  digest(text: string, bytes: string): string {
    let message = this.#messages.get(text);
    if (message === undefined || message.buffer.length !== message.bytesAt + bytes.length) {
      message = this.#message(text, bytes.length);
      this.#messages.set(text, message);
    }
    message.buffer.write(bytes, message.bytesAt, 'latin1');
    this.#outer.write(hash('sha512', message.buffer, 'binary'), BLOCK_BYTES, 'latin1');
    return hash('sha512', this.#outer, 'binary');
  }

  #message(text: string, bytesLength: number): { buffer: Buffer; bytesAt: number } {
    const bytesAt = BLOCK_BYTES + Buffer.byteLength(text, 'utf8');
    const buffer = Buffer.alloc(bytesAt + bytesLength);
    this.#innerPad.copy(buffer, 0);
    buffer.write(text, BLOCK_BYTES, 'utf8');
    return { buffer, bytesAt };
  }
}
