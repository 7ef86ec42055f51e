/**
 * A bot restarted with its saved state adopts its earlier session's PnL ledger (its position and PnL carry over),
 * but the session's own report says what happened in this session: the summary's "traded" figure and the PnL
 * column count this session's fills only, as PLACED and FILLS do; the totals since the bot's start are shown only
 * where labelled so. The status fields the dashboard and the API read (`pnl`, `volume`) keep their meaning.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { SessionGuard } from '../src/engine/session-guard.js';
import { buildStatus, type SessionStatus, type SessionSummary } from '../src/engine/session-status.js';
import { Tally } from '../src/engine/tally.js';
import { renderStatus } from '../src/status/status-view.js';
import { renderSummary } from '../src/status/summary.js';
import type { Strategy } from '../src/strategies/types.js';
import { StrategyHarness } from './support/strategy-harness.js';

const START = 1_700_000_000_000;

/** A strategy that decides nothing: the test places and fills its orders as the exchange would. */
const quiet = (): Strategy => ({ onTick: () => [] });

/** An order of the bot the exchange accepted and filled at once, with its fee. */
function trade(
  harness: StrategyHarness,
  tag: string,
  side: 'buy' | 'sell',
  volume: string,
  price: string,
  fee: string,
) {
  const request = { tag, pair: harness.pair.id, side, type: 'limit', volume: new Decimal(volume) } as const;
  expect(harness.bot.pending({ ...request, price: new Decimal(price) })).toBe(true);
  harness.bot.accepted(tag, `TX-${tag}`);
  harness.bot.filled({
    tag,
    pair: harness.pair,
    side,
    volume: new Decimal(volume),
    price: new Decimal(price),
    fee: new Decimal(fee),
    complete: true,
    margin: false,
    at: harness.now,
  });
}

/** The bot of a new session, adopting what `before` saved (through JSON, as the state store keeps it). */
function restarted(before: StrategyHarness, name: string): StrategyHarness {
  const saved = JSON.parse(JSON.stringify(before.bot.snapshot()));
  const after = new StrategyHarness(quiet());
  Object.assign(after.bot, { name });
  after.now = before.now + 60_000;
  after.bot.adopt(
    { openOrders: [], positions: new Map(), saved: saved.strategy },
    {
      inventory: new Map(Object.entries(saved.inventory).map(([p, v]) => [p, new Decimal(v as string)])),
      pnl: saved.pnl,
    },
  );
  return after;
}

function fresh(name: string): StrategyHarness {
  const harness = new StrategyHarness(quiet());
  Object.assign(harness.bot, { name });
  // A first session adopts too (nothing saved yet).
  harness.bot.adopt({ openOrders: [], positions: new Map(), saved: undefined });
  return harness;
}

const guard = {
  snapshot: () => ({ tier: 'intermediate', tradingState: 'ACTIVE', pools: [], positions: 0 }),
} as unknown as SessionGuard;

function statusOf(bots: readonly StrategyHarness[], now: number, startedAt: number): SessionStatus {
  return buildStatus({
    now,
    startedAt,
    durationMs: undefined,
    exchange: { kind: 'kraken', baseUrl: 'http://127.0.0.1:9' },
    guard,
    bots: bots.map((harness) => harness.bot),
    tradeVolume: undefined,
    volumeSinceUsd: new Decimal(0),
    guardRejections: new Tally(),
    exchangeRejections: new Tally(),
    recent: [],
  });
}

function summaryOf(status: SessionStatus): SessionSummary {
  return { ...status, reason: 'failed', halted: undefined, auditLog: undefined };
}

/**
 * Session 1: eth-dca buys 0.1 @ 65,000 (fee 2.60) and sells 0.05 @ 66,000 (fee 1.32); btc-trend buys and sells
 * 0.01 (a 1,000 loss on 0.01 and 0.52 fees). Session 2 restarts both: eth-dca buys 0.01 @ 64,000 (fee 0.26) and
 * the price goes to 63,000; btc-trend trades nothing.
 */
function twoSessions() {
  const eth1 = fresh('eth-dca');
  const btc1 = fresh('btc-trend');
  eth1.tick('65000');
  btc1.tick('65000');
  trade(eth1, 'dca1', 'buy', '0.1', '65000', '2.60');
  trade(eth1, 'dca2', 'sell', '0.05', '66000', '1.32');
  trade(btc1, 'entry1', 'buy', '0.01', '65000', '0.26');
  trade(btc1, 'close1', 'sell', '0.01', '64000', '0.26');
  const first = statusOf([eth1, btc1], START + 30_000, START);

  const eth2 = restarted(eth1, 'eth-dca');
  const btc2 = restarted(btc1, 'btc-trend');
  const startedAt = eth2.now;
  eth2.tick('64000');
  btc2.tick('64000');
  trade(eth2, 'dca3', 'buy', '0.01', '64000', '0.26');
  eth2.tick('63000');
  btc2.tick('63000');
  const second = statusOf([eth2, btc2], startedAt + 24_000, startedAt);
  return { first, second, eth2 };
}

const rowOf = (text: string, bot: string) =>
  text.split('\n').find((line) => line.startsWith(`${bot} `)) ?? '';

describe('the summary of a restarted bot', () => {
  it("says what this session traded, and the bots' totals since their start only where labelled", () => {
    const { first, second } = twoSessions();
    // Session 1 traded 6,500 + 3,300 + 650 + 640 = 11,090 USD: no bot carried anything, so no second figure.
    const before = renderSummary(summaryOf(first), 'm6');
    expect(before).toContain('SUMMARY  m6  ·  failed after 00:30  ·  traded 11,090.00 USD this session\n');
    expect(before).not.toMatch(/since|SINCE/);

    // Session 2: one fill of 640 USD this session; with the carried-over 11,090, 11,730 since the bots' start.
    const after = renderSummary(summaryOf(second), 'm6');
    expect(after).toContain(
      "SUMMARY  m6  ·  failed after 00:24  ·  traded 640.00 USD this session (since the bots' start: 11,730.00 USD)\n",
    );
    expect(after).not.toContain('traded 11,730.00');
  });

  it('shows PnL THIS SESSION next to its FILLS and PLACED, and the carried-over PnL under PnL SINCE BOT START', () => {
    const { second } = twoSessions();
    const text = renderSummary(summaryOf(second), 'm6');
    expect(text).toMatch(
      /\nBOT +STRATEGY +PAIRS +OPEN +PLACED +FILLS +GUARD-REJ +EXCH-REJ +PnL THIS SESSION +PnL SINCE BOT START\n/,
    );
    // eth-dca this session: the 0.05 it carried in lost 1,000 × 0.05 (valued at the first price it saw, 64,000),
    // the 0.01 it bought lost 10, and 0.26 fees: -60.26. Since its start: cash -3,840 + 0.06 × 63,000 - 4.18 fees.
    expect(rowOf(text, 'eth-dca')).toMatch(
      /^eth-dca +test +XBT\/USD +0 +1 +1 +0 +0 +-60\.26 USD +-64\.18 USD$/,
    );
    // btc-trend was flat and traded nothing: 0 this session, its earlier loss (-10.52) only since its start.
    expect(rowOf(text, 'btc-trend')).toMatch(
      /^btc-trend +test +XBT\/USD +0 +0 +0 +0 +0 +0\.00 USD +-10\.52 USD$/,
    );
    expect(text).toContain("\n  PnL SINCE BOT START includes the bot's earlier sessions");
  });

  it('on an 80-column terminal keeps the session figures and still names the totals since start, labelled', () => {
    const { second } = twoSessions();
    const lines = renderSummary(summaryOf(second), 'm6', 80).split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines).toContain('SUMMARY  m6  ·  failed after 00:24  ·  traded 640.00 USD this session');
    const header = lines.find((line) => line.startsWith('BOT ')) ?? '';
    expect(header).toMatch(/PnL THIS SESSION$/);
    expect(rowOf(lines.join('\n'), 'eth-dca')).toMatch(/ 1 +1 +0 +0 +-60\.26 USD$/);
    expect(lines).toContain('  since start: eth-dca -64.18 USD · btc-trend -10.52 USD');
  });

  it('draws the same labelled columns in the live view, and drops the carried-over one before the session PnL', () => {
    const { second } = twoSessions();
    const wide = renderStatus(second, 'm6');
    expect(wide.find((line) => line.startsWith('BOT '))).toMatch(/PnL THIS SESSION +PnL SINCE BOT START$/);
    expect(rowOf(wide.join('\n'), 'eth-dca')).toMatch(/ -60\.26 USD +-64\.18 USD$/);

    const narrow = renderStatus(second, 'm6', { columns: 80, rows: 24 });
    for (const line of narrow) expect(line.length, line).toBeLessThanOrEqual(80);
    const header = narrow.find((line) => line.startsWith('BOT ')) ?? '';
    expect(header).toMatch(/PnL THIS SESSION/);
    expect(header).not.toMatch(/SINCE BOT START/);
    expect(rowOf(narrow.join('\n'), 'eth-dca')).toMatch(/ -60\.26 USD$/);
  });

  it('keeps the since-start meaning of pnl and volume (the dashboard and API read them) and saves the whole ledger', () => {
    const { second, eth2 } = twoSessions();
    const eth = second.bots.find((bot) => bot.name === 'eth-dca');
    expect(eth?.carried).toBe(true);
    expect(eth?.pnl.map((entry) => entry.value.toFixed())).toEqual(['-64.18']);
    expect(eth?.volume.map((entry) => `${entry.value.toFixed()} ${entry.quote}`)).toEqual(['10440 USD']);
    expect(eth?.sessionPnl?.map((entry) => entry.value.toFixed())).toEqual(['-60.26']);
    expect(eth?.sessionVolume?.map((entry) => `${entry.value.toFixed()} ${entry.quote}`)).toEqual([
      '640 USD',
    ]);
    expect(eth2.bot.pnl.pnl('XXBTZUSD', new Decimal(63000)).toFixed()).toBe('-64.18');
    // The next restart carries the whole ledger over, this session's fill included.
    expect(eth2.bot.snapshot().pnl['XXBTZUSD']).toMatchObject({
      volume: '10440',
      base: '0.06',
      fees: '4.18',
    });
  });

  it('of a bot that started from nothing, the session figures are its only figures', () => {
    const { first } = twoSessions();
    const eth = first.bots.find((bot) => bot.name === 'eth-dca');
    expect(eth?.carried).toBe(false);
    expect(eth?.sessionPnl).toEqual(eth?.pnl);
    const text = renderSummary(summaryOf(first), 'm6');
    expect(text).toMatch(/\nBOT +STRATEGY +PAIRS +OPEN +PLACED +FILLS +GUARD-REJ +EXCH-REJ +PnL\n/);
    // 0.05 held at 65,000: -3,200 + 3,250 - 3.92.
    expect(rowOf(text, 'eth-dca')).toMatch(/ 2 +2 +0 +0 +\+46\.08 USD$/);
  });
});
