import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie the start-up token is exchanged for. */
export const SESSION_COOKIE = 'krakenkit_dashboard';

/** How a request proved it may see the dashboard, if it did. */
export type Credential = 'cookie' | 'bearer' | 'url-token' | undefined;

/**
 * The dashboard's access check, as Jupyter does it: a random token printed at start (in a URL, `?token=…`) is
 * exchanged on first visit for an HttpOnly, SameSite=Strict cookie holding a different random value, so the token
 * leaves the address bar and the page's script never sees a credential. Tools use the token as a bearer token.
 */
export class DashboardAuth {
  /** The token printed at start. */
  readonly token: string;
  readonly #tokenDigest: Buffer;
  readonly #cookieValue: string;
  readonly #cookieDigest: Buffer;

  constructor(token: string = randomBytes(24).toString('base64url')) {
    this.token = token;
    this.#tokenDigest = digest(token);
    this.#cookieValue = randomBytes(24).toString('base64url');
    this.#cookieDigest = digest(this.#cookieValue);
  }

  /** Which credential the request carries that is valid (undefined: none, answer 401). */
  credentialOf(request: IncomingMessage, url: URL): Credential {
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (cookie !== undefined && same(digest(cookie), this.#cookieDigest)) return 'cookie';
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ') && same(digest(authorization.slice(7)), this.#tokenDigest))
      return 'bearer';
    const token = url.searchParams.get('token');
    if (token !== null && same(digest(token), this.#tokenDigest)) return 'url-token';
    return undefined;
  }

  /** The Set-Cookie value given in exchange for the token (no Max-Age: it ends with the browser session). */
  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.#cookieValue}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

// Comparing digests keeps the comparison constant-time whatever the length of what was sent.
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function same(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
