// Takes a screenshot of each dashboard page (docs/dashboard/<page>.png): the demo config paper-trades on the
// embedded mock with the dashboard on, until the guard has refused orders and the bots have filled some; then
// Debian's Chromium (never a downloaded browser) opens each page.
//
//   node --conditions=@krakenkit/source --import tsx scripts/dashboard-screenshots.mjs [chromium path]
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBotConfig } from '../packages/runner/src/config/load.ts';
import { startDashboard } from '../packages/runner/src/dashboard/server.ts';
import { startSession } from '../packages/runner/src/engine/start-session.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'dashboard');
const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// playwright-core is the runner's dev dependency: resolve it from there.
const { chromium } = createRequire(join(root, 'packages', 'runner', 'package.json'))('playwright-core');

const PAGES = [
  { id: 'account', ready: '[data-testid="balances"]' },
  { id: 'margin', ready: '[data-pool]' },
  { id: 'fees', ready: '[data-testid="fee-progress"]' },
  { id: 'keys', ready: '[data-key]' },
  { id: 'bots', ready: '[data-testid="pnl-chart"] canvas' },
  { id: 'guard', ready: '[data-testid="refusals"] .refusal' },
  { id: 'controls', ready: '[data-testid="kill-switch"]' },
];

const config = loadBotConfig(join(root, 'config', 'demo-bot.yaml'));
const session = await startSession(config, { durationMs: 120_000 });
const dashboard = await startDashboard({ source: { config, connection: session.connection, session } });
try {
  // The pages are worth a picture once the guard has refused for two reasons and a bot has filled.
  await new Promise((resolve) => {
    const check = () => {
      const status = session.status();
      const fills = status.bots.reduce((sum, bot) => sum + bot.fills, 0);
      if (status.guardRejections.length >= 2 && fills >= 3) {
        off();
        resolve();
      }
    };
    const off = session.events.on(check);
  });
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    // As root (a container, CI) Chromium's sandbox cannot start.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    await page.goto(dashboard.url);
    for (const { id, ready } of PAGES) {
      await page.goto(`${dashboard.origin}/#/${id}`);
      await page.locator(`main[data-page="${id}"]`).waitFor();
      await page.locator(ready).first().waitFor();
      const file = join(out, `${id}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`wrote ${file}`);
    }
  } finally {
    await browser.close();
  }
} finally {
  await dashboard.close();
  await session.stop();
}
