/**
 * `createClient`: the Kraken REST client. One camelCase method per endpoint of the `endpoints` registry, plus
 * `request(descriptor, params)` for any descriptor. Every call goes through the same pipeline: validation,
 * permission check, client order ids, rate limiter, the key's ordered lane (nonce + sign + send), envelope,
 * retries for reads and reconciliation for orders whose outcome is unknown.
 */

import { setTimeout as delay } from 'node:timers/promises';
import { KRAKENKIT_CODES } from '@krakenkit/core';
import type { AccountId, StateStore } from '@krakenkit/core/store';
import { normalizeNonceWindow } from './client/key-lane.js';
import { acquireKeyLane, type LaneLease } from './client/lane-registry.js';
import {
  type CallOptions,
  type ClientOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RECONCILE_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  type Timers,
} from './client/options.js';
import { grantedPermissions, permissionGate } from './client/permission-check.js';
import { createRequester, type RequestFn } from './client/requester.js';
import { DEFAULT_RETRY, type RetrySettings } from './client/retry.js';
import type { KeyContext } from './client/send.js';
import { type KeySharing, resolveSharing, storeNonceSourceFor } from './client/store-sharing.js';
import { DEFAULT_USER_AGENT } from './client/version.js';
import type { EndpointDescriptor } from './endpoints/define.js';
import { endpoints } from './endpoints/index.js';
import { ConfigError, KrakenkitError, ValidationError } from './errors/index.js';
import type { ApiKeyConfig } from './keys/api-key.js';
import type { Permission } from './keys/permissions.js';
import { silentLogger } from './logger.js';
import { createRateLimiter } from './rate-limit/limiter.js';
import type { RateBudget, RateLimiter } from './rate-limit/types.js';
import { createSigner } from './signing.js';
import { createFetchTransport } from './transport/fetch.js';
import type { Transport } from './transport/types.js';
import { createPoolTransport } from './transport/undici-pool.js';

export type { CallOptions, ClientOptions, ClientStoreOptions, Timers } from './client/options.js';

/** A client method built from one descriptor: params are optional when the endpoint requires none. */
export type EndpointMethod<E> =
  E extends EndpointDescriptor<infer P, infer R>
    ? Record<never, never> extends P
      ? (params?: P, options?: CallOptions) => Promise<R>
      : (params: P, options?: CallOptions) => Promise<R>
    : never;

/** One method per registry entry, named by its key (`addOrder`, `balance`, `assetPairs`, ...). */
export type EndpointMethods<Registry> = { [K in keyof Registry]: EndpointMethod<Registry[K]> };

/** What a client offers besides the endpoint methods. */
export interface KrakenClientCore {
  /** Calls any endpoint descriptor through the client's pipeline. */
  request: RequestFn;
  /** The limiter's view of the REST and matching-engine counters. */
  rateBudget(): RateBudget;
  /** Stops the client (later calls fail) and closes the transport it created. */
  close(): Promise<void>;
  /** The key's name and declared permissions; never its secret. */
  readonly key: { readonly name: string; readonly permissions: readonly Permission[] } | undefined;
  /**
   * Where the client shares its key with other processes (`ClientOptions.store`), or undefined. A shared guard
   * on the same store and account journals its reservations in the same step as the order's nonce.
   */
  readonly shared: { readonly store: StateStore; readonly account: AccountId } | undefined;
}

/** A REST client: the core methods plus one method per Kraken endpoint, named after it in camelCase. */
export type KrakenClient = KrakenClientCore & EndpointMethods<typeof endpoints>;

/**
 * Creates a Kraken REST client.
 * @throws ConfigError for an unusable key (secret not base64, no public key) or conflicting nonce settings.
 */
export function createClient(options: ClientOptions = {}): KrakenClient {
  const timers = resolveTimers(options.timers);
  const retry = resolveRetry(options.retry);
  const sharing = resolveSharing(options);
  const limiter = options.rateLimit?.limiter ?? defaultLimiter(options, timers, sharing);
  // Taken after every other check that can throw, so a rejected configuration holds no lane of the key.
  const key = options.key ? keyContext(options.key, options, sharing) : undefined;
  const lease = key?.lease;
  const ownTransport = options.transport === undefined;
  const transport = options.transport ?? defaultTransport(options.baseUrl ?? DEFAULT_BASE_URL, options.fetch);
  let closed = false;
  const inner = createRequester({
    transport,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    maxResponseBytes: maxResponseBytesOf(options.maxResponseBytes),
    key,
    limiter,
    logger: options.logger ?? silentLogger(),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry,
    reconcileDelayMs: options.retry?.reconcileDelayMs ?? DEFAULT_RECONCILE_DELAY_MS,
    timers,
    sharesKey: sharing !== undefined && key !== undefined,
  });
  const request: RequestFn = (descriptor, params, callOptions) =>
    closed ? Promise.reject(closedError(descriptor.name)) : inner(descriptor, params, callOptions);
  const core: KrakenClientCore = {
    request,
    rateBudget: () => limiter.budget(),
    close: async () => {
      if (closed) return;
      closed = true;
      lease?.release();
      if (ownTransport) await transport.close?.();
    },
    key: options.key ? { name: options.key.name, permissions: [...(key?.granted ?? [])] } : undefined,
    shared:
      sharing === undefined || key === undefined
        ? undefined
        : { store: sharing.store, account: sharing.account },
  };
  // The methods are built at run time from the same registry the type is mapped from.
  return Object.assign(core, endpointMethods(request)) as unknown as KrakenClient;
}

function keyContext(
  config: ApiKeyConfig,
  options: ClientOptions,
  sharing: KeySharing | undefined,
): KeyContext & { lease: LaneLease } {
  if (typeof config.apiKey !== 'string' || config.apiKey.length === 0) {
    throw new ConfigError([{ path: 'key.apiKey', message: 'the public API key is missing' }]);
  }
  // Check everything that can fail before taking the lane, so a bad key leaves no lane behind.
  const sign = createSigner(config.apiSecret);
  const granted = grantedPermissions(config.permissions);
  const nonceWindow = config.nonceWindow ?? 0;
  const source = sharing ? storeNonceSourceFor(sharing, normalizeNonceWindow(nonceWindow)) : options.nonce;
  const lease = acquireKeyLane(config.apiKey, nonceWindow, source);
  return {
    name: config.name,
    apiKey: config.apiKey,
    sign,
    granted,
    permit: permissionGate(config.name, granted),
    lane: lease.lane,
    otp: options.otp,
    lease,
  };
}

function defaultTransport(baseUrl: string, fetchImpl: typeof fetch | undefined): Transport {
  return fetchImpl === undefined
    ? createPoolTransport({ baseUrl })
    : createFetchTransport({ baseUrl, fetch: fetchImpl });
}

function defaultLimiter(
  options: ClientOptions,
  timers: Timers,
  sharing: KeySharing | undefined,
): RateLimiter {
  const rate = options.rateLimit ?? {};
  return createRateLimiter({
    tier: options.tier ?? 'starter',
    now: timers.now,
    sleep: timers.sleep,
    ...(sharing === undefined ? {} : { store: { store: sharing.store, account: sharing.account } }),
    ...(rate.mode === undefined ? {} : { mode: rate.mode }),
    ...(rate.historyCost === undefined ? {} : { historyCost: rate.historyCost }),
    ...(rate.singleCancelOverThreshold === undefined
      ? {}
      : { singleCancelOverThreshold: rate.singleCancelOverThreshold }),
    ...(rate.rateCounterLagMs === undefined ? {} : { rateCounterLagMs: rate.rateCounterLagMs }),
  });
}

function resolveRetry(retry: ClientOptions['retry']): RetrySettings {
  const settings: RetrySettings = {
    attempts: retry?.attempts ?? DEFAULT_RETRY.attempts,
    baseDelayMs: retry?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: retry?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    maxThrottleWaitMs: retry?.maxThrottleWaitMs ?? DEFAULT_RETRY.maxThrottleWaitMs,
  };
  if (!Number.isSafeInteger(settings.attempts) || settings.attempts < 1) {
    throw new ConfigError([
      { path: 'retry.attempts', message: `expected an integer ≥ 1, got ${settings.attempts}` },
    ]);
  }
  return settings;
}

function resolveTimers(timers: Partial<Timers> | undefined): Timers {
  return {
    now: timers?.now ?? Date.now,
    sleep: timers?.sleep ?? ((ms, signal) => delay(ms, undefined, signal === undefined ? {} : { signal })),
    random: timers?.random ?? Math.random,
  };
}

function closedError(endpoint: string): KrakenkitError {
  return new KrakenkitError(`${endpoint}: the client is closed`, {
    code: KRAKENKIT_CODES.CLOSED,
    category: 'config',
  });
}

/** Builds `client.addOrder(params, options)` and its siblings from the registry. */
function endpointMethods(request: RequestFn): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(endpoints)) {
    const endpoint = descriptor as EndpointDescriptor<unknown, unknown>;
    methods[name] = (params?: unknown, options?: CallOptions) => request(endpoint, params, options);
  }
  return methods;
}

function maxResponseBytesOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError('createClient.maxResponseBytes', value, 'a whole number of bytes, at least 1');
  }
  return value;
}
