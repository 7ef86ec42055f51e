/**
 * The account page of `krakenkit dashboard` over an account holding EUR and GBP beside USD and XBT, with a trading
 * key and a withdrawal key (the keys the dashboard opens: dashboardKeys). Balances and fiat deposits are valued
 * in USD at the exchange's tickers (EUR through EUR/USD; GBP, which has no USD pair on the mock, is said to be
 * unvalued, never guessed); the 24 h withdrawal limit is shown as the guard counts it and as WithdrawStatus lists
 * it, with the binding one marked. A withdrawal the guard judged shows in both; one made with another key (as on
 * the website) only in the exchange's, which then binds. A session started on the same store is listed among the
 * active sessions. Chromium shows the numbers the API returned.
 */
import { randomBytes } from 'node:crypto';
import {
  createClient,
  type KrakenClient,
  PERMISSIONS,
  silentLogger,
  type TickerResult,
} from '@krakenkit/client';
import type { StateStore } from '@krakenkit/core/store';
import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import { createMemoryStore } from '@krakenkit/store';
import { waitUntil } from '@krakenkit/test-support';
import { Decimal } from 'decimal.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotConfig, loadBotConfig } from '../src/config/load.js';
import { dashboardKeys } from '../src/dashboard/dashboard-keys.js';
import type { AccountView } from '../src/dashboard/data/account-view.js';
import type { SessionsView } from '../src/dashboard/data/sessions-view.js';
import { type RunningDashboard, startDashboard } from '../src/dashboard/server.js';
import { type Connection, openConnection } from '../src/engine/connect.js';
import { dashboardGuardInstance } from '../src/engine/session-guard.js';
import { startSession } from '../src/engine/start-session.js';
import { chromiumForTests, launchChromium } from './support/chromium.js';
import { grouped, recordAnswers, shownFields } from './support/dashboard-page.js';

const chromium = chromiumForTests();
const POLL = { timeout: 60_000, interval: 100 };

const credentials = () => ({
  apiKey: `k-${randomBytes(8).toString('hex')}`,
  apiSecret: randomBytes(64).toString('base64'),
});
const trader = credentials();
const treasury = credentials();
const web = credentials();

function yaml(url: string): string {
  return `exchange: { kind: kraken, restUrl: "${url}" }
account: { tier: pro }
keys:
  trader:
    apiKey: { env: KK_TRADER_KEY }
    secret: { env: KK_TRADER_SECRET }
    permissions: [funds_query, trades_query_open, trades_query_closed, trades_modify, trades_close, ledger_query]
  treasury:
    apiKey: { env: KK_TREASURY_KEY }
    secret: { env: KK_TREASURY_SECRET }
    permissions: [funds_query, funds_withdraw]
guard:
  rules:
    tierLimits:
      pro: { withdrawalDailyUsd: "30000" }
    withdrawal:
      allowedKeys: [btc-cold, eur-bank]
      dailyUsd: "25000"
run:
  deadManSwitch: false
bots:
  - { name: dca, key: trader, strategy: dca, pairs: [XBT/USD], params: { amount: "100", every: 1h } }
`;
}

describe(
  'the account page in Chromium: withdrawals as the guard and the exchange count them, fiat valued in USD',
  chromium.suiteOptions,
  () => {
    let exchange: RunningMockExchange;
    let connection: Connection;
    let dashboard: RunningDashboard;
    let browser: Browser;
    let page: Page;
    let answers: Map<string, unknown>;
    let publicClient: KrakenClient;
    let webClient: KrakenClient;
    let store: StateStore;
    let config: BotConfig;
    let env: Record<string, string>;
    const refids: { guarded?: string | undefined; web?: string | undefined } = {};

    const api = async (): Promise<AccountView> => {
      const response = await fetch(`${dashboard.origin}/api/account`, {
        headers: { Authorization: `Bearer ${dashboard.apiToken}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as AccountView;
    };

    beforeAll(async () => {
      exchange = await startMockExchange({
        seed: 'dashboard-account',
        // Prices hold still for the test (one step an hour): a value can be checked against the ticker.
        settings: { stepMs: 3_600_000 },
        accounts: [
          {
            id: 'live',
            // The pro tier's REST counter refills fastest: the test has the dashboard read the account back to back
            // (accountRefreshMs: 0), three units a read on the key a session then starts on.
            tier: 'pro',
            keys: [trader, treasury, web],
            balances: { ZUSD: '50000', XXBT: '2', ZEUR: '20000', ZGBP: '5000' },
            withdrawalKeys: {
              'btc-cold': { asset: 'XBT', address: 'bc1qdashboardcold' },
              'eur-bank': { asset: 'ZEUR', address: 'DE00-DASHBOARD' },
            },
          },
        ],
      });
      env = {
        KK_TRADER_KEY: trader.apiKey,
        KK_TRADER_SECRET: trader.apiSecret,
        KK_TREASURY_KEY: treasury.apiKey,
        KK_TREASURY_SECRET: treasury.apiSecret,
      };
      config = loadBotConfig(yaml(exchange.url), { file: 'account.yaml' });
      const { keys, skipped } = dashboardKeys(config, env);
      expect({ keys, skipped }).toEqual({ keys: ['trader', 'treasury'], skipped: [] });
      store = createMemoryStore();
      connection = await openConnection(config, {
        env,
        logger: silentLogger(),
        keys,
        store,
        guardInstance: dashboardGuardInstance(),
      });
      dashboard = await startDashboard({
        source: { config, connection, store: { store, shown: 'memory' } },
        accountRefreshMs: 0,
      });
      publicClient = createClient({ baseUrl: exchange.url, logger: silentLogger() });
      webClient = createClient({
        baseUrl: exchange.url,
        key: { name: 'web', ...web, permissions: [PERMISSIONS.funds_withdraw] },
        logger: silentLogger(),
      });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 1400 } })).newPage();
      page.setDefaultTimeout(120_000);
      answers = await recordAnswers(page);
    });

    afterAll(async () => {
      await browser?.close();
      await dashboard?.close();
      await publicClient?.close();
      await webClient?.close();
      await connection?.close();
      await exchange?.close();
    });

    // Waits until every number the page shows is the one the page was last sent for that field.
    async function pageShows(
      expected: (account: AccountView) => Record<string, string | null>,
    ): Promise<void> {
      await expect
        .poll(async () => {
          const account = answers.get('/api/account') as AccountView | undefined;
          if (account === undefined) return 'no answer yet';
          const shown = await shownFields(page);
          return Object.entries(expected(account))
            .filter(([field, value]) =>
              value === null
                ? shown[field]?.text.startsWith('—') !== true
                : shown[field]?.value !== value || !shown[field]?.text.startsWith(grouped(value)),
            )
            .map(([field, value]) => `${field}: want ${value}, page ${JSON.stringify(shown[field])}`);
        }, POLL)
        .toEqual([]);
    }

    const limitFields = (account: AccountView) => {
      const { withdrawals, fiatDeposits } = account.limits;
      const fields: Record<string, string | null> = {};
      for (const [prefix, limit] of [
        ['withdrawals', withdrawals],
        ['withdrawals.guard', withdrawals.guard],
        ['withdrawals.exchange', withdrawals.exchange],
        ['fiatDeposits', fiatDeposits],
      ] as const) {
        fields[`${prefix}.limitUsd`] = limit.limitUsd;
        fields[`${prefix}.used24hUsd`] = limit.used24hUsd;
        fields[`${prefix}.headroomUsd`] = limit.headroomUsd;
      }
      for (const row of withdrawals.exchange.recent)
        if (row.valueUsd !== null) fields[`withdrawal.${row.refid}.valueUsd`] = row.valueUsd;
      for (const row of fiatDeposits.byAsset)
        if (row.valueUsd !== null) fields[`depositUsd.${row.asset}`] = row.valueUsd;
      return fields;
    };

    it('values EUR at the EUR/USD ticker, says GBP cannot be valued, and totals what can', async () => {
      exchange.exchange.deposit('live', 'ZEUR', '1500');
      exchange.exchange.deposit('live', 'ZUSD', '2000');
      // The dashboard read the account when it started: wait for a read made after the deposits.
      await waitUntil(
        async () => (await api()).limits.fiatDeposits.byAsset.length === 2,
        'a read with both deposits',
      );
      await page.goto(dashboard.url);
      await page.locator('main[data-page="account"] [data-testid="balances"]').waitFor();
      await pageShows((account) => {
        const fields: Record<string, string | null> = {
          'balances.valuedTotalUsd': account.balances.valuedTotalUsd,
        };
        for (const row of account.balances.balances) {
          fields[`balance.${row.asset}`] = row.amount;
          if (row.valueUsd !== null) fields[`balanceUsd.${row.asset}`] = row.valueUsd;
        }
        for (const price of account.valuation.prices) fields[`price.${price.asset}`] = price.price;
        return { ...fields, ...limitFields(account) };
      });
      const account = answers.get('/api/account') as AccountView;
      const ticker: TickerResult = await publicClient.ticker({ pair: ['ZEURZUSD', 'XXBTZUSD'] });
      const mid = (pair: string) =>
        new Decimal(ticker[pair]?.b[0] ?? 'NaN')
          .plus(ticker[pair]?.a[0] ?? 'NaN')
          .div(2)
          .toFixed();
      expect(account.valuation.prices).toEqual(
        expect.arrayContaining([
          { asset: 'ZEUR', pair: 'ZEURZUSD', inverted: false, price: mid('ZEURZUSD') },
          { asset: 'XXBT', pair: 'XXBTZUSD', inverted: false, price: mid('XXBTZUSD') },
        ]),
      );
      const row = (asset: string) => account.balances.balances.find((entry) => entry.asset === asset);
      expect(row('ZEUR')?.valueUsd).toBe(
        new Decimal(row('ZEUR')?.amount ?? 'NaN').times(mid('ZEURZUSD')).toDecimalPlaces(2).toFixed(),
      );
      expect(row('ZUSD')?.valueUsd).toBe(new Decimal(row('ZUSD')?.amount ?? 'NaN').toFixed());
      expect(row('ZGBP')).toMatchObject({
        valueUsd: null,
        note: expect.stringContaining('no ZGBP/USD or USD/ZGBP pair'),
      });
      expect(account.balances.unvalued.map((entry) => entry.asset)).toEqual(['ZGBP']);
      const valued = account.balances.balances.filter((entry) => entry.valueUsd !== null);
      expect(account.balances.valuedTotalUsd).toBe(
        valued.reduce((sum, entry) => sum.plus(entry.valueUsd ?? 0), new Decimal(0)).toFixed(),
      );
      expect(await page.locator('[data-testid="unvalued-ZGBP"]').textContent()).toContain('not valued');
      // 2,000 USD and 1,500 EUR deposited: both count, the EUR at its USD value.
      expect(account.limits.fiatDeposits.used24hUsd).toBe(
        new Decimal('1500').times(mid('ZEURZUSD')).plus('2000').toDecimalPlaces(2).toFixed(),
      );
    });

    it('counts a withdrawal the guard judged in both figures, and the guard’s binds', async () => {
      const treasuryClient = connection.clients.get('treasury');
      const { refid } =
        (await treasuryClient?.withdraw({ asset: 'XBT', key: 'btc-cold', amount: '0.05' })) ?? {};
      refids.guarded = refid;
      await waitUntil(
        async () => (await api()).limits.withdrawals.exchange.recent.some((row) => row.refid === refid),
        'the guarded withdrawal in WithdrawStatus',
      );
      await page.reload();
      await pageShows(limitFields);
      const { withdrawals } = (answers.get('/api/account') as AccountView).limits;
      expect(withdrawals.binding).toBe('guard');
      expect(withdrawals.guard.limitUsd).toBe('25000');
      expect(withdrawals.exchange.limitUsd).toBe('30000');
      expect(new Decimal(withdrawals.guard.used24hUsd ?? 0).gt(0)).toBe(true);
      expect(withdrawals.exchange.recent).toMatchObject([{ refid, asset: 'XXBT', counts: true }]);
      const [recent] = withdrawals.exchange.recent;
      expect(withdrawals.exchange.used24hUsd).toBe(recent?.valueUsd);
      expect(withdrawals.used24hUsd).toBe(withdrawals.guard.used24hUsd);
      expect(await page.locator('[data-testid="withdrawals-guard"]').getAttribute('data-binding')).toBe(
        'true',
      );
    });

    it('counts a withdrawal made with another key only in the exchange’s figure, which then binds', async () => {
      const { refid } = await webClient.withdraw({ asset: 'EUR', key: 'eur-bank', amount: '8000' });
      refids.web = refid;
      exchange.exchange.deposit('live', 'ZGBP', '100');
      await waitUntil(async () => {
        const account = await api();
        return (
          account.limits.withdrawals.binding === 'exchange' && account.limits.fiatDeposits.used24hUsd === null
        );
      }, 'the exchange’s figure binding');
      await page.reload();
      await pageShows(limitFields);
      const account = answers.get('/api/account') as AccountView;
      const { withdrawals, fiatDeposits } = account.limits;
      expect(withdrawals.exchange.recent.map((row) => row.refid).sort()).toEqual(
        [refids.guarded, refid].sort(),
      );
      const eur = withdrawals.exchange.recent.find((row) => row.refid === refid);
      const eurPrice = account.valuation.prices.find((price) => price.asset === 'ZEUR')?.price ?? 'NaN';
      expect(eur?.valueUsd).toBe(
        new Decimal(eur?.amount ?? 'NaN')
          .plus(eur?.fee ?? 'NaN')
          .times(eurPrice)
          .toDecimalPlaces(2)
          .toFixed(),
      );
      expect(withdrawals.exchange.used24hUsd).toBe(
        withdrawals.exchange.recent
          .reduce((sum, row) => sum.plus(row.valueUsd ?? 'NaN'), new Decimal(0))
          .toFixed(),
      );
      expect([withdrawals.limitUsd, withdrawals.used24hUsd, withdrawals.headroomUsd]).toEqual([
        withdrawals.exchange.limitUsd,
        withdrawals.exchange.used24hUsd,
        withdrawals.exchange.headroomUsd,
      ]);
      expect(
        new Decimal(withdrawals.exchange.headroomUsd ?? 'NaN').lt(withdrawals.guard.headroomUsd ?? 'NaN'),
      ).toBe(true);
      // The guard never saw it: its own window still holds the first withdrawal alone.
      expect(withdrawals.guard.used24hUsd).not.toBe(withdrawals.exchange.used24hUsd);
      expect(await page.locator('[data-testid="withdrawals-exchange"]').getAttribute('data-binding')).toBe(
        'true',
      );
      expect(await page.locator(`[data-testid="recent-withdrawals"] tr[data-refid="${refid}"]`).count()).toBe(
        1,
      );
      // A GBP deposit cannot be valued: the deposits' usage is unknown, not short.
      expect(fiatDeposits.note).toContain('ZGBP cannot be valued');
      expect(fiatDeposits.byAsset.find((row) => row.asset === 'ZGBP')).toMatchObject({
        amount: '100',
        valueUsd: null,
      });
      expect(await page.locator('[data-testid="fiat-deposits"] [data-testid="unvalued-ZGBP"]').count()).toBe(
        1,
      );
    });

    it('lists a session running bots on the store as an active session, with its host, pid, bots and start', async () => {
      const before = Date.now();
      const session = await startSession(config, { env, store });
      try {
        await page.reload();
        await page.locator('[data-testid="sessions"] tr[data-session]').waitFor();
        const sessions = answers.get('/api/sessions') as SessionsView;
        expect(sessions.store).toBe('memory');
        expect(sessions.sessions).toHaveLength(1);
        const [listed] = sessions.sessions;
        expect(listed).toMatchObject({
          pid: process.pid,
          bots: ['dca'],
          keys: ['trader'],
          thisProcess: true,
        });
        expect(listed?.startedAt).toBeGreaterThanOrEqual(before);
        expect(listed?.startedAt).toBeLessThanOrEqual(session.startedAt);
        const row = page.locator(`[data-testid="sessions"] tr[data-session="${listed?.id}"]`);
        expect(await row.getAttribute('data-pid')).toBe(String(process.pid));
        expect(await row.locator('[data-testid="session-bots"]').textContent()).toBe('dca');
        expect(await row.locator('[data-testid="session-since"]').getAttribute('data-at')).toBe(
          String(listed?.startedAt),
        );
        expect(sessions.thisProcess).toMatchObject({ kind: 'dashboard', pid: process.pid });
        expect(await page.locator('[data-testid="this-process"]').getAttribute('data-pid')).toBe(
          String(process.pid),
        );
      } finally {
        await session.stop();
      }
    });
  },
);
