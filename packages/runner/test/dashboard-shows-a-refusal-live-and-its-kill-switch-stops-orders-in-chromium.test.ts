import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../src/engine/session-events.js';
import { ordersAllowedAfter } from './support/allowed-orders.js';
import { chromiumForTests, launchChromium } from './support/chromium.js';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.js';

const chromium = chromiumForTests();
const HALTED = 'EGuard:Trading halted';

describe('the dashboard in Chromium, live', chromium.suiteOptions, () => {
  let world: DashboardWorld;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    world = await startDashboardWorld();
    await world.next((event) => event.type === 'placed' && event.bot === 'dca');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Bounds a hang only (a 2-core machine under full load): every wait is for something the page shows.
    page.setDefaultTimeout(120_000);
    await page.goto(world.dashboard.url);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  const haltedRefusal = (event: SessionEvent) =>
    event.type === 'guard-rejected' && event.violations.some((violation) => violation.code === HALTED);

  it('shows a new refusal on the open guard page as it happens, without a reload', async () => {
    await page.click('nav a[data-page="guard"]');
    await page.locator('[data-testid="refusals"] .refusal').first().waitFor();
    expect(await page.locator(`[data-code="${HALTED}"]`).count()).toBe(0);
    // A reload would lose this mark.
    await page.evaluate('window.stillHere = true');
    const refused = world.next(haltedRefusal);
    await world.session.connection.guard.setTradingState('HALTED', 'a refusal to watch');
    await refused;
    const article = page.locator(`[data-code="${HALTED}"]`);
    await article.waitFor();
    expect(await article.locator('[data-testid="refusal-message"]').textContent()).toContain(
      'trading is HALTED (a refusal to watch)',
    );
    expect(await page.evaluate('window.stillHere')).toBe(true);
    await world.session.connection.guard.setTradingState('ACTIVE', 'watched');
    await world.next((event) => event.type === 'placed');
  });

  it('halts trading from the kill switch button: the header says HALTED and no order is placed after it', async () => {
    await page.click('nav a[data-page="controls"]');
    await page.click('[data-testid="kill-switch"] button');
    const watch = ordersAllowedAfter(world.session.connection.guard, 'HALTED');
    await page.click('[data-testid="kill-switch"] button[data-confirm="yes"]');
    await watch.switched;
    await page.locator('[data-testid="kill-switch"] [data-outcome="done"]').waitFor();
    await page.locator('[data-testid="trading-state"]', { hasText: 'HALTED' }).waitFor();
    // The DCA asks every second: two of its orders refused by the switch, and no order allowed by the guard meanwhile.
    await world.next(haltedRefusal);
    await world.next(haltedRefusal);
    watch.stop();
    expect(watch.allowed).toEqual([]);
    expect(world.session.status().tradingState).toBe('HALTED');
    // The kill switch also cancelled the resting orders (its checkbox is on by default): none rests on the exchange.
    expect(world.session.connection.mock?.exchange.account('paper').open.size).toBe(0);
    await page.locator('[data-testid="control-log"] tr.done').first().waitFor();
  });

  it('trades again from the resume button', async () => {
    await page.click('[data-testid="resume-trading"] button');
    const placedAgain = world.next((event) => event.type === 'placed');
    await page.click('[data-testid="resume-trading"] button[data-confirm="yes"]');
    await placedAgain;
    await page.locator('[data-testid="trading-state"]', { hasText: 'ACTIVE' }).waitFor();
  });

  it("pauses a bot from its card: the card says who paused it, and the bot's event line shows it", async () => {
    await page.click('nav a[data-page="bots"]');
    const card = page.locator('[data-bot="dca"]');
    await card.locator('[data-testid="pause-dca"] button').click();
    const paused = world.next((event) => event.type === 'bot-paused');
    await card.locator('[data-testid="pause-dca"] button[data-confirm="yes"]').click();
    // A browser signed in with the login link is `dashboard`; a tool with the API token would be `api`.
    expect(await paused).toMatchObject({ bot: 'dca', by: 'dashboard' });
    await card.locator('[data-testid="paused-by"]', { hasText: 'by dashboard' }).waitFor();
    await card.locator('[data-testid="bot-events"] li[data-type="bot-paused"]').waitFor();
    expect(await card.locator('[data-testid="bot-state"]').textContent()).toBe('paused');
    const resumed = world.next((event) => event.type === 'bot-resumed');
    await card.locator('[data-testid="resume-dca"] button').click();
    await card.locator('[data-testid="resume-dca"] button[data-confirm="yes"]').click();
    expect(await resumed).toMatchObject({ bot: 'dca', by: 'dashboard' });
    await card.locator('[data-testid="bot-events"] li[data-type="bot-resumed"]').waitFor();
  });
});
