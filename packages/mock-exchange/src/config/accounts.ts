import { assign } from './markets.js';
import {
  decimalText,
  list,
  oneOf,
  optionalDecimalText,
  optionalInteger,
  optionalText,
  record,
  text,
  textList,
} from './readers.js';
import type { TierName } from './tiers.js';
import { TIER_NAMES } from './tiers.js';

/** One API key of an account. Omitted permissions mean all of them. */
export interface ApiKeyConfig {
  apiKey: string;
  /** Base64 private key, as Kraken issues it. */
  apiSecret: string;
  /** Kraken permission labels ("Orders and trades - Create & modify orders") or flags (`trades_modify`). */
  permissions?: readonly string[];
  /** IPs or CIDRs (IPv4 and IPv6); calls from elsewhere are refused. Omitted = any IP. */
  ipAllowlist?: readonly string[];
  /** Kraken's "nonce window": how far below the highest nonce seen a fresh nonce may be. 0 = strictly increasing. */
  nonceWindow?: number;
}

/** A withdrawal key: the allow-listed destination a Withdraw call names. */
export interface WithdrawalKeyConfig {
  asset: string;
  address: string;
  method?: string;
}

/**
 * A simulated account. The top-level key fields describe its first API key (the common case); `keys` adds more.
 */
export interface AccountConfig extends Partial<ApiKeyConfig> {
  /** A label (defaults to the first API key). */
  id?: string;
  tier: TierName;
  keys?: readonly ApiKeyConfig[];
  /** Balances by Kraken asset id (`XXBT`, `ZUSD`) or altname (`XBT`, `USD`), as decimal strings. */
  balances?: Readonly<Record<string, string>>;
  withdrawalKeys?: Readonly<Record<string, WithdrawalKeyConfig>>;
  /** 30-day trade volume in USD before the mock started (drives the fee tier). */
  volume30d?: string;
}

export function readAccounts(value: unknown, path: string): AccountConfig[] {
  return list(value, path).map((raw, i) => readAccount(raw, `${path}[${i}]`));
}

function readAccount(raw: unknown, path: string): AccountConfig {
  const a = record(raw, path);
  const account: AccountConfig = { tier: oneOf(a['tier'], `${path}.tier`, TIER_NAMES) };
  assign(account, 'id', optionalText(a['id'], `${path}.id`));
  if (a['apiKey'] !== undefined) Object.assign(account, readKey(a, path));
  if (a['keys'] !== undefined) {
    account.keys = list(a['keys'], `${path}.keys`).map((k, i) =>
      readKey(record(k, `${path}.keys[${i}]`), `${path}.keys[${i}]`),
    );
  }
  if (a['balances'] !== undefined) {
    const balances: Record<string, string> = {};
    for (const [asset, amount] of Object.entries(record(a['balances'], `${path}.balances`))) {
      balances[asset] = decimalText(amount, `${path}.balances.${asset}`);
    }
    account.balances = balances;
  }
  if (a['withdrawalKeys'] !== undefined) {
    const keys: Record<string, WithdrawalKeyConfig> = {};
    for (const [name, rawKey] of Object.entries(record(a['withdrawalKeys'], `${path}.withdrawalKeys`))) {
      const at = `${path}.withdrawalKeys.${name}`;
      const k = record(rawKey, at);
      keys[name] = { asset: text(k['asset'], `${at}.asset`), address: text(k['address'], `${at}.address`) };
      assign(keys[name], 'method', optionalText(k['method'], `${at}.method`));
    }
    account.withdrawalKeys = keys;
  }
  assign(account, 'volume30d', optionalDecimalText(a['volume30d'], `${path}.volume30d`));
  return account;
}

function readKey(k: Record<string, unknown>, path: string): ApiKeyConfig {
  const key: ApiKeyConfig = {
    apiKey: text(k['apiKey'], `${path}.apiKey`),
    apiSecret: text(k['apiSecret'], `${path}.apiSecret`),
  };
  if (k['permissions'] !== undefined) key.permissions = textList(k['permissions'], `${path}.permissions`);
  if (k['ipAllowlist'] !== undefined) key.ipAllowlist = textList(k['ipAllowlist'], `${path}.ipAllowlist`);
  assign(key, 'nonceWindow', optionalInteger(k['nonceWindow'], `${path}.nonceWindow`));
  return key;
}
