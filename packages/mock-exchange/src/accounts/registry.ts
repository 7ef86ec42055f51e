import type { AccountConfig, ApiKeyConfig } from '../config/accounts.js';
import { MockConfigError } from '../config/config-error.js';
import type { TierTable } from '../config/tiers.js';
import type { MarketCatalog } from '../market/pairs.js';
import { Account } from './account.js';
import { ApiKeyState } from './api-key.js';

/** All accounts, found by id or by API key. */
export class AccountRegistry {
  readonly #byId = new Map<string, Account>();
  readonly #byKey = new Map<string, ApiKeyState>();

  constructor(
    private readonly tiers: TierTable,
    private readonly catalog: MarketCatalog,
  ) {}

  /** Creates an account from config (keys from the top-level fields and `keys`). */
  add(config: AccountConfig, now: number): Account {
    const keyConfigs: Partial<ApiKeyConfig>[] = config.apiKey === undefined ? [] : [config];
    keyConfigs.push(...(config.keys ?? []));
    const id = config.id ?? keyConfigs[0]?.apiKey;
    if (id === undefined) throw new MockConfigError('accounts', 'an account needs an id or an API key');
    if (this.#byId.has(id)) throw new MockConfigError(`accounts.${id}`, 'duplicate account id');
    const account = new Account(id, config, (name) => this.catalog.findAsset(name)?.id ?? name);
    for (const keyConfig of keyConfigs) {
      if (keyConfig.apiKey === undefined || keyConfig.apiSecret === undefined) {
        throw new MockConfigError(`accounts.${id}`, 'an API key needs apiKey and apiSecret');
      }
      if (this.#byKey.has(keyConfig.apiKey)) throw new MockConfigError(`accounts.${id}`, 'duplicate API key');
      const key = new ApiKeyState(
        {
          apiKey: keyConfig.apiKey,
          apiSecret: keyConfig.apiSecret,
          ...(keyConfig.permissions !== undefined ? { permissions: keyConfig.permissions } : {}),
          ...(keyConfig.ipAllowlist !== undefined ? { ipAllowlist: keyConfig.ipAllowlist } : {}),
          ...(keyConfig.nonceWindow !== undefined ? { nonceWindow: keyConfig.nonceWindow } : {}),
        },
        id,
        this.tiers[config.tier],
        now,
      );
      account.keys.push(key);
      this.#byKey.set(key.apiKey, key);
    }
    this.#byId.set(id, account);
    return account;
  }

  get(id: string): Account | undefined {
    return this.#byId.get(id);
  }

  /** Like {@link get} but throws for an unknown id (test and scenario code). */
  require(id: string): Account {
    const account = this.#byId.get(id);
    if (account === undefined) throw new Error(`no account ${id}`);
    return account;
  }

  key(apiKey: string): ApiKeyState | undefined {
    return this.#byKey.get(apiKey);
  }

  all(): Iterable<Account> {
    return this.#byId.values();
  }
}
