import { normalizePermissions, PERMISSIONS } from '@krakenkit/client';
import { type Environment, resolveKeys } from '../config/credentials.js';
import type { BotConfig } from '../config/load.js';

/**
 * The keys `krakenkit dashboard` opens: the enabled bots' (the first one reads Balance and Ledgers, and its account
 * holds the shared guard), then every other declared key that may withdraw. WithdrawStatus needs the Withdraw
 * permission, which the guard keeps off trading keys, so the exchange's 24 h withdrawals are read through such a
 * key. On Kraken a withdrawal key whose credentials are not set here is left out (the page then says the figure is
 * unknown) rather than keeping the dashboard from starting: `skipped` names each with the reason.
 */
export function dashboardKeys(
  config: BotConfig,
  env: Environment,
): { keys: string[]; skipped: Array<{ key: string; reason: string }> } {
  const bots = [...new Set(config.bots.filter((bot) => bot.enabled).map((bot) => bot.key))];
  const keys = [...bots];
  const skipped: Array<{ key: string; reason: string }> = [];
  for (const [name, declared] of Object.entries(config.keys)) {
    if (bots.includes(name)) continue;
    if (!normalizePermissions(declared.permissions).includes(PERMISSIONS.funds_withdraw)) continue;
    if (config.exchange.kind === 'kraken') {
      try {
        resolveKeys(config, [name], env);
      } catch (error) {
        skipped.push({ key: name, reason: (error as Error).message });
        continue;
      }
    }
    keys.push(name);
  }
  return { keys, skipped };
}
