import type { Account } from '../accounts/account.js';
import type { ApiKeyState } from '../accounts/api-key.js';
import type { ExchangeContext } from '../context.js';
import { E, KrakenRejection } from '../core/rejection.js';
import type { PrivateEndpoint } from '../endpoints/types.js';
import { parseNonce } from './nonce.js';
import { verifyApiSign } from './signature.js';

export interface SignedRequest {
  /** URI path that was signed, e.g. `/0/private/AddOrder`. */
  uriPath: string;
  apiKey: string | undefined;
  apiSign: string | undefined;
  body: string;
  nonceText: string | undefined;
  ip: string | undefined;
}

/**
 * Authenticates a private call in Kraken's order: key (`EAPI:Invalid key`), signature over the exact body
 * (`EAPI:Invalid signature`), nonce for this key within its window (`EAPI:Invalid nonce`; only signed requests
 * can consume nonces), IP allowlist, permission (`EGeneral:Permission denied`), then the REST call counter
 * (`EAPI:Rate limit exceeded`, nothing charged).
 */
export function authenticate(
  ctx: ExchangeContext,
  request: SignedRequest,
  endpoint: PrivateEndpoint,
  now: number,
): { account: Account; key: ApiKeyState } {
  const key = request.apiKey === undefined ? undefined : ctx.accounts.key(request.apiKey);
  const account = key === undefined ? undefined : ctx.accounts.get(key.accountId);
  if (key === undefined || account === undefined || key.revoked) throw new KrakenRejection(E.invalidKey);
  const nonce = request.nonceText === undefined ? undefined : parseNonce(request.nonceText);
  if (request.apiSign === undefined || nonce === undefined) {
    throw new KrakenRejection(request.apiSign === undefined ? E.invalidSignature : E.invalidNonce);
  }
  if (!verifyApiSign(key.secret, request.uriPath, request.nonceText ?? '', request.body, request.apiSign)) {
    throw new KrakenRejection(E.invalidSignature);
  }
  if (!key.nonces.accept(nonce)) throw new KrakenRejection(E.invalidNonce);
  if (key.ipAllowlist !== undefined && !key.ipAllowlist.allows(request.ip)) {
    throw new KrakenRejection(ctx.errors.ipNotAllowed);
  }
  if (!endpoint.permissions.some((p) => key.permissions.has(p)))
    throw new KrakenRejection(E.permissionDenied);
  if (endpoint.rate !== 'trading') {
    const cost = endpoint.rate === 'history' ? ctx.settings.historyCost : 1;
    if (!key.restCounter.tryCharge(cost, now)) throw new KrakenRejection(E.restRateLimit);
  }
  return { account, key };
}
