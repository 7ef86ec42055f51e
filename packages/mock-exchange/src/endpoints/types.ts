import type { Account } from '../accounts/account.js';
import type { ApiKeyState } from '../accounts/api-key.js';
import type { PermissionFlag } from '../auth/permissions.js';
import type { ExchangeContext } from '../context.js';
import type { Params } from './params.js';

/** REST counter class of a private endpoint (docs/kraken/rate-limits.md): +1, the history cost, or the matching engine. */
export type PrivateRateClass = 'rest' | 'history' | 'trading';

export interface PublicCall {
  ctx: ExchangeContext;
  params: Params;
  now: number;
}

export interface PrivateCall extends PublicCall {
  account: Account;
  key: ApiKeyState;
}

export interface PublicEndpoint {
  readonly name: string;
  readonly access: 'public';
  handle(call: PublicCall): unknown;
}

export interface PrivateEndpoint {
  readonly name: string;
  readonly access: 'private';
  /** The path its signature covers, e.g. `/0/private/Balance`. */
  readonly uriPath: string;
  /** Any one of these allows the call (CancelOrder and AmendOrder accept two). */
  readonly permissions: readonly PermissionFlag[];
  readonly rate: PrivateRateClass;
  handle(call: PrivateCall): unknown;
}

export type Endpoint = PublicEndpoint | PrivateEndpoint;

export function publicEndpoint(name: string, handle: (call: PublicCall) => unknown): PublicEndpoint {
  return { name, access: 'public', handle };
}

export function privateEndpoint(
  name: string,
  permissions: readonly PermissionFlag[],
  rate: PrivateRateClass,
  handle: (call: PrivateCall) => unknown,
): PrivateEndpoint {
  return { name, access: 'private', uriPath: `/0/private/${name}`, permissions, rate, handle };
}
