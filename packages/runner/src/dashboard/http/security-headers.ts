import type { IncomingMessage, ServerResponse } from 'node:http';
import { DASHBOARD_CODES, DashboardRequestError } from '../dashboard-errors.js';

/**
 * Headers on every answer: a Content-Security-Policy that runs only the dashboard's own script files (no inline
 * script, no eval, nothing from elsewhere), no framing, no sniffing, no referrer, nothing cached. No CORS header
 * is ever sent, so no other origin may read an answer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cache-Control': 'no-store',
};

/** Sets {@link SECURITY_HEADERS} on an answer. */
export function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

/**
 * Refuses a request whose Host is not this server's loopback address (a DNS-rebinding page would send its own
 * name), and a state-changing one sent from another origin (a page elsewhere posting to the dashboard).
 */
export function checkOrigin(request: IncomingMessage, port: number): void {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = request.headers.host ?? '';
  if (!allowed.includes(host))
    throw new DashboardRequestError(
      421,
      DASHBOARD_CODES.wrongHost,
      'the dashboard answers on 127.0.0.1 only',
    );
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    throw new DashboardRequestError(403, DASHBOARD_CODES.crossOrigin, 'cross-origin requests are refused');
}
