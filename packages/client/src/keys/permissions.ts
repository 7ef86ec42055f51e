/**
 * Kraken's API key permissions, named as Kraken's docs label them on each endpoint page
 * ("Funds permissions - Query", "Orders and trades - Create & modify orders", ...).
 * Short machine names (Kraken's Fast API flags such as `trades_modify`) are accepted as aliases in config.
 */
export const PERMISSIONS = {
  funds_query: 'Funds permissions - Query',
  funds_add: 'Funds permissions - Deposit',
  funds_withdraw: 'Funds permissions - Withdraw',
  funds_earn: 'Funds permissions - Earn',
  trades_query_open: 'Orders and trades - Query open orders & trades',
  trades_query_closed: 'Orders and trades - Query closed orders & trades',
  trades_modify: 'Orders and trades - Create & modify orders',
  trades_close: 'Orders and trades - Cancel & close orders',
  ledger_query: 'Data - Query ledger entries',
  export_data: 'Data - Export data',
  websocket: 'WebSocket interface - On',
} as const;

/** A permission's short flag, e.g. `trades_modify`. */
export type PermissionFlag = keyof typeof PERMISSIONS;
/** A permission as Kraken names it in the key settings, e.g. `Create & Modify Orders`. */
export type Permission = (typeof PERMISSIONS)[PermissionFlag];

/** Every Kraken API key permission. */
export const ALL_PERMISSIONS: readonly Permission[] = Object.values(PERMISSIONS);
