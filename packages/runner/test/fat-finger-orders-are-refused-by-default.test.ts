import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/run-cli.js';
import { loadBotConfig } from '../src/config/load.js';
import { memoryIo, tempDir } from './support/memory-io.js';

const ROOT = join(import.meta.dirname, '../../..');
const DEMO = 'config/demo-bot.yaml';

async function check(order: object, cwd = ROOT, file = DEMO) {
  const io = memoryIo({ cwd });
  const code = await runCli(['guard', 'check', file, '--order', JSON.stringify(order)], io);
  return { code, out: io.out(), err: io.err() };
}

const TEN_X_LIMIT = { pair: 'XBT/USD', side: 'buy', orderType: 'limit', volume: '0.01', price: '650000' };
// About 3.25M USD at the mock's ~65,000: on the demo's paper account (150,000 USD, 3 BTC, 20 ETH, 200 SOL).
const HUGE_MARKET = { pair: 'XBT/USD', side: 'buy', orderType: 'market', volume: '50' };

describe('the runner refuses fat-finger orders by default', () => {
  it('guard check on the demo refuses a limit buy at 10x the market, naming the band and the prices', async () => {
    const { code, out } = await check(TEN_X_LIMIT);
    expect(code).toBe(EXIT.refused);
    expect(out).toMatch(/\[price-band\] EGuard:Price outside band/);
    expect(out).toMatch(
      /price 650000 is \d+(\.\d)? bps from the reference mid 6\d{4}(\.\d+)? on XBTUSD; the band is 1000 bps \(5\d{4}(\.\d+)? – 7\d{4}(\.\d+)?\)/,
    );
  });

  it('guard check on the demo refuses a ~3.25M USD market buy on a ~439k USD account, naming the numbers', async () => {
    const { code, out } = await check(HUGE_MARKET);
    expect(code).toBe(EXIT.refused);
    expect(out).toMatch(/\[notional\] EGuard:Order notional exceeded/);
    expect(out).toMatch(
      /order notional 3\d{6}(\.\d+)? USD \(50 × 6\d{4}(\.\d+)?\) on XBTUSD is \d+(\.\d)?% of the account equity 4\d{5}(\.\d+)? USD; the cap is 25% \(1\d{5}(\.\d+)? USD\)/,
    );
  });

  it('a sane order on a pair no bot trades is judged against the ticker too (no missing reference price)', async () => {
    const { code, out } = await check({
      pair: 'XBT/EUR',
      side: 'buy',
      orderType: 'limit',
      volume: '0.01',
      price: '60000',
    });
    expect(out).not.toMatch(/Missing reference price/);
    expect(code).toBe(EXIT.ok);
  });

  it('the bot file can widen or turn off each default', async () => {
    const demo = readFileSync(join(ROOT, DEMO), 'utf8');
    const off = demo.replace(
      '    tierLimits:\n',
      '    sanity: { priceBandBps: false, maxOrderEquityPercent: false }\n    tierLimits:\n',
    );
    expect(off).not.toBe(demo);
    const dir = tempDir({ 'off.yaml': off });
    expect((await check(TEN_X_LIMIT, dir, 'off.yaml')).code).toBe(EXIT.ok);
    expect((await check(HUGE_MARKET, dir, 'off.yaml')).code).toBe(EXIT.ok);
    const config = loadBotConfig('off.yaml', { cwd: dir });
    expect(config.guardRules.sanity).toMatchObject({ priceBandBps: false, maxOrderEquityPercent: false });
    // Defaults when the file says nothing: a 10% band and a 25% of equity cap per order.
    const defaults = loadBotConfig(DEMO, { cwd: ROOT });
    expect(defaults.guardRules.sanity).toMatchObject({ priceBandBps: 1000, maxOrderEquityPercent: 25 });
    const wide = demo.replace(
      '    tierLimits:\n',
      '    sanity: { maxOrderEquityPercent: 1000 }\n    tierLimits:\n',
    );
    expect(() => loadBotConfig(wide, { file: 'wide.yaml' })).toThrow(
      /wide\.yaml:\d+:\d+: guard\.rules\.sanity\.maxOrderEquityPercent: /,
    );
  });
});
