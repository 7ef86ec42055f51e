import { loadBotConfig } from '../../src/config/load.js';
import { type RunningDashboard, startDashboard } from '../../src/dashboard/server.js';
import type { Session } from '../../src/engine/session.js';
import type { SessionEvent } from '../../src/engine/session-events.js';
import { startSession } from '../../src/engine/start-session.js';

/**
 * A paper account the dashboard tests watch: a grid and a DCA that trade, and a DCA on KEEP/USD that the guard
 * refuses every time (KEEP markets are reduce-only), so refusals keep coming.
 */
export const DASHBOARD_YAML = `exchange: { kind: mock, seed: dashboard-tests }
account:
  tier: pro
  balances: { ZUSD: "150000", XXBT: "3", XETH: "20" }
  volume30d: "8500"
keys:
  trader:
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close, ledger_query]
    ipAllowlist: [203.0.113.10/32]
    ipAllowlistNote: the trading VPS
guard:
  rules:
    allowances:
      USD: { allowance: "20000", fiat: true, aliases: [ZUSD] }
      BTC: { allowance: "0.3", aliases: [XBT, XXBT] }
    tierLimits:
      pro: { maxLeverage: 3 }
run:
  pollInterval: 200ms
  deadManSwitch: { timeout: 60s, refresh: 20s }
bots:
  - name: grid
    key: trader
    strategy: grid
    pairs: [XBT/USD]
    params: { levels: 2, spacingBps: 5, volume: "0.01" }
  - name: dca
    key: trader
    strategy: dca
    pairs: [ETH/USD]
    params: { amount: "200", every: 1s }
  - name: keep
    key: trader
    strategy: dca
    pairs: [KEEP/USD]
    params: { amount: "100", every: 1s }
`;

/** A running paper session with a dashboard over it. */
export interface DashboardWorld {
  session: Session;
  dashboard: RunningDashboard;
  /** Every API key and secret of the paper account, as text: none may reach a page. */
  secrets: string[];
  /** GET an API path with the bearer token; the parsed JSON. */
  api<T = unknown>(path: string): Promise<T>;
  /** Resolves with the first session event from now on that `match` accepts. */
  next(match: (event: SessionEvent) => boolean): Promise<SessionEvent>;
  close(): Promise<void>;
}

export async function startDashboardWorld(
  options: { yaml?: string; auditLog?: string } = {},
): Promise<DashboardWorld> {
  const config = loadBotConfig(options.yaml ?? DASHBOARD_YAML, { file: 'dashboard-test.yaml' });
  const session = await startSession(
    config,
    options.auditLog === undefined ? {} : { auditLog: options.auditLog },
  );
  const dashboard = await startDashboard({
    source: { config, connection: session.connection, session },
  });
  const account = session.connection.mock?.exchange.account('paper');
  const secrets = (account?.keys ?? []).flatMap((key) => [key.apiKey, key.secret.toString('base64')]);
  return {
    session,
    dashboard,
    secrets,
    api: async <T>(path: string) => {
      const response = await fetch(`${dashboard.origin}${path}`, {
        headers: { Authorization: `Bearer ${dashboard.apiToken}` },
      });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    next: (match) =>
      new Promise((resolve) => {
        const off = session.events.on((event) => {
          if (!match(event)) return;
          off();
          resolve(event);
        });
      }),
    close: async () => {
      await dashboard.close();
      await session.stop();
    },
  };
}
