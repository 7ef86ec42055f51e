import { HmacSha512Key } from '@krakenkit/core/signing';
import { IpAllowlist } from '../auth/ip-allowlist.js';
import { NonceTracker } from '../auth/nonce.js';
import { normalizePermissions, type PermissionFlag } from '../auth/permissions.js';
import { decodeSecret } from '../auth/signature.js';
import type { ApiKeyConfig } from '../config/accounts.js';
import { MockConfigError } from '../config/config-error.js';
import type { TierRules } from '../config/tiers.js';
import { DecayingCounter } from '../rate-limit/decaying-counter.js';

/** An API key's live state: decoded secret, permissions, allowlist, nonce tracker and REST call counter. */
export class ApiKeyState {
  readonly apiKey: string;
  readonly secret: Buffer;
  /** The secret as an HMAC key, prepared once for every signature this key's calls carry. */
  readonly signingKey: HmacSha512Key;
  readonly permissions: ReadonlySet<PermissionFlag>;
  readonly ipAllowlist: IpAllowlist | undefined;
  readonly nonceWindow: number;
  readonly nonces: NonceTracker;
  readonly restCounter: DecayingCounter;
  /** Set by the exchange when the key is revoked: calls then fail with `EAPI:Invalid key`. */
  revoked = false;

  constructor(
    config: ApiKeyConfig,
    readonly accountId: string,
    tier: TierRules,
    now: number,
  ) {
    const secret = decodeSecret(config.apiSecret);
    if (secret === undefined) throw new MockConfigError(`accounts.${accountId}.apiSecret`, 'not base64 text');
    this.apiKey = config.apiKey;
    this.secret = secret;
    this.signingKey = new HmacSha512Key(secret);
    try {
      this.permissions = normalizePermissions(config.permissions);
      this.ipAllowlist = config.ipAllowlist === undefined ? undefined : new IpAllowlist(config.ipAllowlist);
    } catch (error) {
      throw new MockConfigError(`accounts.${accountId}.keys.${config.apiKey}`, (error as Error).message);
    }
    this.nonceWindow = config.nonceWindow ?? 0;
    this.nonces = new NonceTracker(this.nonceWindow);
    this.restCounter = new DecayingCounter(tier.rest.max, tier.rest.decayPerSecond, now);
  }
}
