import { type AccountConfig, readAccounts } from './accounts.js';
import { type AllowanceTable, readAllowanceTable } from './allowances.js';
import { configFilePath, findConfigDir, readYamlFile } from './config-files.js';
import { type FeeSchedule, readFeeSchedule } from './fees.js';
import {
  type AssetConfig,
  checkMarketReferences,
  type PairConfig,
  readAssets,
  readPairs,
} from './markets.js';
import { record } from './readers.js';
import { type ExchangeSettings, readSettings } from './settings.js';
import { readTierTable, type TierTable } from './tiers.js';

/** Everything the exchange reads from its config files. */
export interface LoadedConfig {
  allowances: AllowanceTable;
  tiers: TierTable;
  fees: FeeSchedule;
  assets: AssetConfig[];
  pairs: PairConfig[];
  accounts: AccountConfig[];
  settings: Partial<ExchangeSettings>;
}

/**
 * Loads margin-allowances.yaml, tiers.yaml, fees.yaml and mock-exchange.yaml: each from the config directory when
 * it holds that file (see {@link findConfigDir}), else the shipped default, so the exchange starts with no config
 * directory at all. Each file is parsed once per process.
 */
export function loadConfig(configDir?: string): LoadedConfig {
  const dir = findConfigDir(configDir);
  const mock = record(readYamlFile(configFilePath('mock-exchange.yaml', dir)), 'mock-exchange.yaml');
  const assets = readAssets(mock['assets'], 'mock-exchange.yaml.assets');
  const pairs = readPairs(mock['pairs'], 'mock-exchange.yaml.pairs');
  checkMarketReferences(assets, pairs);
  return {
    allowances: readAllowanceTable(readYamlFile(configFilePath('margin-allowances.yaml', dir))),
    tiers: readTierTable(readYamlFile(configFilePath('tiers.yaml', dir))),
    fees: readFeeSchedule(readYamlFile(configFilePath('fees.yaml', dir))),
    assets,
    pairs,
    accounts: readAccounts(mock['accounts'], 'mock-exchange.yaml.accounts'),
    settings: readSettings(mock['settings'], 'mock-exchange.yaml.settings'),
  };
}
