import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The name of the cookie a login token is exchanged for, one per dashboard (as Jupyter names its cookie by port):
 * a browser keeps cookies by host and not by port, so under one name two dashboards on 127.0.0.1 would overwrite
 * each other's session.
 */
export function sessionCookieName(port: number): string {
  return `krakenkit_dashboard_${port}`;
}

/** How a request proved it may see the dashboard: a browser's session cookie, or the API token of a tool. */
export type Credential = 'cookie' | 'bearer' | undefined;

// Unused login links kept at once (the one printed at start and those minted since); the oldest goes first.
const KEEP_LOGIN_TOKENS = 8;
// Browser sessions kept at once: each login makes one.
const KEEP_SESSIONS = 32;

/**
 * The dashboard's access check. Two secrets, both random per start:
 *
 * - a **login token**, in the URL printed at start (`/?token=…`, as Jupyter does): single use. Its first visit
 *   exchanges it for an HttpOnly, SameSite=Strict session cookie holding a different random value, and from then
 *   on the token is refused (401), so a copy in the shell history, a terminal recording or a screenshot is dead;
 * - an **API token** for tools (`Authorization: Bearer …`): reusable, never put in a URL, never printed (the CLI
 *   writes it to a 0600 file). With it a tool may mint a new login link (another browser, a lost cookie).
 *
 * Every value is compared by its SHA-256 digest in constant time; nothing here is ever logged.
 */
export class DashboardAuth {
  /** The reusable bearer token of tools. */
  readonly apiToken: string;
  /** The login token printed at start (dead once used). */
  readonly loginToken: string;
  /** This dashboard's session cookie: {@link sessionCookieName} of its port. */
  readonly cookieName: string;
  readonly #apiDigest: Buffer;
  readonly #logins: Buffer[] = [];
  readonly #sessions: Buffer[] = [];

  constructor(tokens: { port: number; apiToken?: string; loginToken?: string }) {
    this.cookieName = sessionCookieName(tokens.port);
    this.apiToken = tokens.apiToken ?? newSecret();
    this.loginToken = tokens.loginToken ?? newSecret();
    this.#apiDigest = digest(this.apiToken);
    this.#logins.push(digest(this.loginToken));
  }

  /** The credential the request carries that is valid (undefined: none, answer 401). URL tokens are not one. */
  credentialOf(request: IncomingMessage): Credential {
    const cookie = cookieValue(request.headers.cookie, this.cookieName);
    if (cookie !== undefined && indexOf(this.#sessions, digest(cookie)) >= 0) return 'cookie';
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ') && same(digest(authorization.slice(7)), this.#apiDigest))
      return 'bearer';
    return undefined;
  }

  /**
   * Spends a login token: when it is one not used yet, it is forgotten and the Set-Cookie value of a new browser
   * session is returned; otherwise undefined. Synchronous, so two requests racing with one token get one session.
   */
  redeem(token: string): string | undefined {
    const at = indexOf(this.#logins, digest(token));
    if (at < 0) return undefined;
    this.#logins.splice(at, 1);
    const value = newSecret();
    keep(this.#sessions, digest(value), KEEP_SESSIONS);
    // No Max-Age: the session ends with the browser's.
    return `${this.cookieName}=${value}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** A new single-use login token (for another browser); the oldest unused one goes past a few. */
  mintLoginToken(): string {
    const token = newSecret();
    keep(this.#logins, digest(token), KEEP_LOGIN_TOKENS);
    return token;
  }
}

function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

function keep(list: Buffer[], value: Buffer, most: number): void {
  list.push(value);
  if (list.length > most) list.shift();
}

// Every entry is compared (no early exit), each in constant time.
function indexOf(list: readonly Buffer[], wanted: Buffer): number {
  let found = -1;
  for (const [index, entry] of list.entries()) if (same(entry, wanted)) found = index;
  return found;
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
