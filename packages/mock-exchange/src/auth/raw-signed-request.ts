import { type BodyEncoding, bodyEncoding } from '../endpoints/body.js';
import { nonceField } from '../endpoints/nonce-field.js';
import type { SignedRequest } from './authenticate.js';

/**
 * A private REST call as it arrived, as authentication reads it: the key and signature headers and the exact body.
 * Nothing in the body is looked at until asked: the nonce once the key is known, the encoding with it (and the
 * parse after authentication reuses that encoding).
 */
export class RawSignedRequest implements SignedRequest {
  readonly #contentType: string | undefined;
  #encoding: BodyEncoding | undefined;

  constructor(
    readonly uriPath: string,
    readonly apiKey: string | undefined,
    readonly apiSign: string | undefined,
    readonly body: string,
    contentType: string | undefined,
    readonly ip: string | undefined,
  ) {
    this.#contentType = contentType;
  }

  get encoding(): BodyEncoding {
    this.#encoding ??= bodyEncoding(this.body, this.#contentType);
    return this.#encoding;
  }

  readNonce(): string | undefined {
    const field = nonceField(this.body, this.encoding);
    return field.kind === 'found' ? field.text : undefined;
  }
}
