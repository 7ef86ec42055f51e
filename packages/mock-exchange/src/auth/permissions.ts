/**
 * Kraken API key permissions as the mock knows them (docs/kraken/api-keys.md): written here independently of the client
 * so that a mistake in the client's table cannot hide in both.
 */
export const PERMISSION_LABELS = {
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

/** A key permission's short flag, e.g. `trades_modify`. */
export type PermissionFlag = keyof typeof PERMISSION_LABELS;

const FLAGS = Object.keys(PERMISSION_LABELS) as PermissionFlag[];
const BY_LABEL = new Map<string, PermissionFlag>(
  FLAGS.map((flag) => [PERMISSION_LABELS[flag].toLowerCase(), flag]),
);

/** A permission flag from a label or flag; undefined when unknown. */
export function toPermissionFlag(name: string): PermissionFlag | undefined {
  const trimmed = name.trim();
  if ((FLAGS as string[]).includes(trimmed)) return trimmed as PermissionFlag;
  return BY_LABEL.get(trimmed.toLowerCase());
}

/** Normalises a key's declared permissions; omitted means all of them. Throws on an unknown name. */
export function normalizePermissions(names: readonly string[] | undefined): ReadonlySet<PermissionFlag> {
  if (names === undefined) return new Set(FLAGS);
  const out = new Set<PermissionFlag>();
  for (const name of names) {
    const flag = toPermissionFlag(name);
    if (flag === undefined) throw new Error(`unknown Kraken permission: ${name}`);
    out.add(flag);
  }
  return out;
}
