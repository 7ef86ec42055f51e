import type { Account } from '../accounts/account.js';
import type { ApiKeyState } from '../accounts/api-key.js';
import type { ExchangeContext } from '../context.js';
import { E, KrakenRejection } from '../core/rejection.js';
import type { PrivateEndpoint } from '../endpoints/types.js';
import { parseNonce } from './nonce.js';
import { verifyApiSignWith } from './signature.js';

export interface SignedRequest {
  /** URI path that was signed, e.g. `/0/private/AddOrder`. */
  uriPath: string;
  apiKey: string | undefined;
  apiSign: string | undefined;
  body: string;
  /**
   * The nonce exactly as written in the body; undefined when missing or named twice. Called only once the key is
   * known, and before the body is parsed (a linear scan of the raw bytes: endpoints/nonce-field.ts).
   */
  readNonce(): string | undefined;
  ip: string | undefined;
}

/**
 * Authenticates a private call in Kraken's order: key (`EAPI:Invalid key`), signature over the exact body
 * (`EAPI:Invalid signature`), nonce for this key within its window (`EAPI:Invalid nonce`; only signed requests
 * can consume nonces), IP allowlist, permission (`EGeneral:Permission denied`), then the REST call counter
 * (`EAPI:Rate limit exceeded`, nothing charged). The body is not parsed here: a caller parses it only after this
 * succeeds, so a hostile body costs an unauthenticated sender one linear scan at most.
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
  if (request.apiSign === undefined) throw new KrakenRejection(E.invalidSignature);
  const nonceText = request.readNonce();
  const nonce = nonceText === undefined ? undefined : parseNonce(nonceText);
  if (nonceText === undefined || nonce === undefined) throw new KrakenRejection(E.invalidNonce);
  if (!verifyApiSignWith(key.signingKey, request.uriPath, nonceText, request.body, request.apiSign)) {
    throw new KrakenRejection(E.invalidSignature);
  }
  if (!key.nonces.accept(nonce)) throw new KrakenRejection(E.invalidNonce);
  if (key.ipAllowlist !== undefined && !key.ipAllowlist.allows(request.ip)) {
    throw new KrakenRejection(ctx.errors.ipNotAllowed);
  }
  if (!allows(key, endpoint)) throw new KrakenRejection(E.permissionDenied);
  const cost = restCost(ctx, endpoint);
  if (cost > 0 && !key.restCounter.tryCharge(cost, now)) throw new KrakenRejection(E.restRateLimit);
  return { account, key };
}

/** Any one of the endpoint's permissions on the key allows the call. */
function allows(key: ApiKeyState, endpoint: PrivateEndpoint): boolean {
  for (const permission of endpoint.permissions) if (key.permissions.has(permission)) return true;
  return false;
}

/** What a call of `endpoint` costs on the key's REST counter: 0 for trading calls (the matching engine counts those). */
export function restCost(ctx: ExchangeContext, endpoint: PrivateEndpoint): number {
  if (endpoint.rate === 'trading') return 0;
  return endpoint.rate === 'history' ? ctx.settings.historyCost : 1;
}
