/** A small valid bot config on the embedded mock: one trading key, the bots given. */
export function paperConfig(bots: string, extra = ''): string {
  return `exchange: { kind: mock, seed: runner-tests }
account:
  tier: intermediate
  balances: { ZUSD: "100000", XXBT: "2", XETH: "10" }
keys:
  trader:
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close]
    ipAllowlist: [203.0.113.10/32]
run:
  pollInterval: 200ms
  deadManSwitch: { timeout: 60s, refresh: 20s }
${extra}
bots:
${bots}
`;
}

/** A grid bot entry (three levels each side, close to the mid so some fill). */
export const GRID_BOT = `  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
`;
