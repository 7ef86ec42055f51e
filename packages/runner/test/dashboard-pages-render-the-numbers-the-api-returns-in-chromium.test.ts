import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../src/dashboard/data/account-view.js';
import type { BotsView } from '../src/dashboard/data/bots-view.js';
import type { FeesView } from '../src/dashboard/data/fees-view.js';
import type { GuardView } from '../src/dashboard/data/guard-view.js';
import type { KeysView } from '../src/dashboard/data/keys-view.js';
import type { MarginView } from '../src/dashboard/data/margin-view.js';
import { chromiumForTests, launchChromium } from './support/chromium.js';
import { grouped, recordAnswers, shownFields } from './support/dashboard-page.js';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';

const chromium = chromiumForTests();
// Polls end a hang only: each waits for the page to show what it was last sent.
const POLL = { timeout: 60_000, interval: 100 };

describe('the dashboard in Chromium', chromium.suiteOptions, () => {
  let world: DashboardWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let answers: Map<string, unknown>;
  const cspViolations: string[] = [];
  const pagesHtml: string[] = [];

  beforeAll(async () => {
    world = await startDashboardWorld();
    await world.next((event) => event.type === 'fill');
    await world.next((event) => event.type === 'guard-rejected');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // Bounds a hang only (a 2-core machine under full load): every wait is for something the page shows.
    page.setDefaultTimeout(120_000);
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    answers = await recordAnswers(page);
    await page.goto(world.dashboard.url);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  // Opens a page by its tab and waits until the numbers shown are exactly those of the last answer it received.
  async function open<T>(id: string, path: string, expected: (data: T) => Record<string, string | null>) {
    await page.click(`nav a[data-page="${id}"]`);
    await page.locator(`main[data-page="${id}"] h2`).waitFor();
    await expect
      .poll(async () => {
        const data = answers.get(path) as T | undefined;
        if (data === undefined) return 'no answer yet';
        const shown = await shownFields(page);
        const wrong = Object.entries(expected(data)).filter(([field, value]) => {
          const element = shown[field];
          return value === null
            ? element?.text.startsWith('—') !== true
            : element?.value !== value || !element.text.startsWith(grouped(value));
        });
        return wrong.map(([field, value]) => `${field}: want ${value}, page ${JSON.stringify(shown[field])}`);
      }, POLL)
      .toEqual([]);
    pagesHtml.push(await page.content());
  }

  it('shows the account: tier limits, 24 h usage and headroom, and every balance', async () => {
    await open<AccountView>('account', '/api/account', (account) => {
      const { withdrawals, fiatDeposits } = account.limits;
      const fields: Record<string, string | null> = {
        'withdrawals.limitUsd': withdrawals.limitUsd,
        'withdrawals.used24hUsd': withdrawals.used24hUsd,
        'withdrawals.headroomUsd': withdrawals.headroomUsd,
        'fiatDeposits.limitUsd': fiatDeposits.limitUsd,
        'fiatDeposits.used24hUsd': fiatDeposits.used24hUsd,
        'fiatDeposits.headroomUsd': fiatDeposits.headroomUsd,
      };
      for (const { asset, amount } of account.balances.balances) fields[`balance.${asset}`] = amount;
      return fields;
    });
    const account = answers.get('/api/account') as AccountView;
    expect(account.balances.balances.length).toBeGreaterThan(0);
    expect(await page.locator('[data-field="tier"]').textContent()).toBe(account.tier);
  });

  it('shows each margin pool against its allowance', async () => {
    await open<MarginView>('margin', '/api/margin', (margin) =>
      Object.fromEntries(
        margin.pools.flatMap((pool) =>
          (['positions', 'orders', 'allowance', 'headroom'] as const).map((name) => [
            `pool.${pool.currency}.${name}`,
            pool[name],
          ]),
        ),
      ),
    );
    const margin = answers.get('/api/margin') as MarginView;
    expect(margin.pools.map((pool) => pool.currency).sort()).toEqual(['BTC', 'USD']);
    expect(await page.locator('[data-pool]').count()).toBe(margin.pools.length);
  });

  it('shows the fee tier: 30-day volume, maker and taker, and the progress to the next tier', async () => {
    await open<FeesView>('fees', '/api/fees', (fees) => ({
      'fees.volume30dUsd': fees.progress?.volume30dUsd ?? null,
      'fees.maker': fees.progress?.maker ?? null,
      'fees.taker': fees.progress?.taker ?? null,
      'fees.nextVolumeUsd': fees.progress?.nextVolumeUsd ?? null,
      'fees.toNextUsd': fees.progress?.toNextUsd ?? null,
    }));
    const fees = answers.get('/api/fees') as FeesView;
    const progress = fees.progress?.progress;
    expect(progress).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="fee-progress"]').getAttribute('aria-valuenow'), POLL)
      .toBe(String(Math.round(((answers.get('/api/fees') as FeesView).progress?.progress ?? 0) * 100)));
  });

  it('shows each key by name with its permissions, what the bots use, and its IP allowlist', async () => {
    await open<KeysView>('keys', '/api/keys', () => ({}));
    const keys = answers.get('/api/keys') as KeysView;
    for (const key of keys.keys) {
      const card = page.locator(`[data-key="${key.name}"]`);
      const text = (await card.textContent()) ?? '';
      for (const permission of key.declared) expect(text).toContain(permission);
      for (const address of key.ipAllowlist) expect(text).toContain(address);
      for (const permission of key.unused)
        expect(await card.locator('.perm.warn', { hasText: permission }).count()).toBe(1);
    }
    // ledger_query is declared, and no call of the runner needs it: an over-privilege warning.
    expect(keys.keys[0]?.unused).toEqual(['Data - Query ledger entries']);
  });

  it('shows each bot with its counters, PnL and the charts', async () => {
    await open<BotsView>('bots', '/api/bots', (bots) =>
      Object.fromEntries(bots.bots.map((bot) => [`bot.${bot.name}.pnlUsd`, bot.pnlUsd])),
    );
    const bots = answers.get('/api/bots') as BotsView;
    expect(bots.bots.map((bot) => bot.state)).toEqual(['running', 'running', 'running']);
    await page.locator('[data-testid="pnl-chart"] canvas').first().waitFor();
    await page.locator('[data-testid="price-XBT/USD"] canvas').first().waitFor();
  });

  it('shows refusals grouped by reason with the full message and the numbers behind it', async () => {
    await open<GuardView>('guard', '/api/guard', () => ({}));
    await expect
      .poll(async () => {
        const guard = answers.get('/api/guard') as GuardView;
        const shown = [];
        for (const group of guard.refusals) {
          const article = page.locator(`[data-code="${group.code}"]`);
          shown.push({
            count: await article.locator('[data-testid="refusal-count"]').textContent(),
            message: await article.locator('[data-testid="refusal-message"]').textContent(),
          });
        }
        return {
          shown,
          sent: guard.refusals.map((group) => ({ count: `×${group.count}`, message: group.latest.message })),
        };
      }, POLL)
      .toSatisfy(({ shown, sent }) => sent.length > 0 && JSON.stringify(shown) === JSON.stringify(sent));
    const guard = answers.get('/api/guard') as GuardView;
    expect(guard.refusals.map((group) => group.code)).toContain('EOrder:Reduce only:No position exists');
  });

  it('shows the controls', async () => {
    await page.click('nav a[data-page="controls"]');
    await page.locator('[data-testid="kill-switch"] button').waitFor();
    pagesHtml.push(await page.content());
  });

  it('holds no secret: no key or secret in any page, and no cookie the script can read', async () => {
    expect(pagesHtml.length).toBe(7);
    for (const html of pagesHtml) for (const secret of world.secrets) expect(html).not.toContain(secret);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(cspViolations).toEqual([]);
  });

  it('answers 401 to a browser without the token, and to one opening the login link already used', async () => {
    const stranger = await browser.newContext();
    const tab = await stranger.newPage();
    const response = await tab.goto(world.dashboard.origin);
    expect(response?.status()).toBe(401);
    expect(await tab.locator('#app').count()).toBe(0);
    // The link printed at start, as a terminal recording or a screenshot would have kept it: dead once used.
    expect((await tab.goto(world.dashboard.url))?.status()).toBe(401);
    expect(await tab.locator('#app').count()).toBe(0);
    await stranger.close();
  });
});
