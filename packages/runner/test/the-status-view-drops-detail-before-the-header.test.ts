import { Decimal } from '@krakenkit/core';
import type { BotStatus, SessionEvent, SessionStatus } from '@krakenkit/runner';
import { renderStatus } from '@krakenkit/runner/cli';
import { describe, expect, it } from 'vitest';

const AT = Date.parse('2025-03-01T14:03:07Z');

function bot(
  name: string,
  pnl: Array<[string, string, string]>,
  overrides: Partial<BotStatus> = {},
): BotStatus {
  return {
    name,
    strategy: 'margin-trend',
    pairs: pnl.map(([pair]) => pair),
    open: 2,
    placed: 14,
    fills: 9,
    guardRejected: 3,
    exchangeRejected: 1,
    failed: 0,
    cancelled: 0,
    validated: 0,
    pnl: pnl.map(([pair, quote, value]) => ({ pair, quote, value: new Decimal(value) })),
    volume: [],
    strategyErrors: 0,
    ...overrides,
  };
}

function status(bots: BotStatus[]): SessionStatus {
  const rejected: SessionEvent = {
    type: 'guard-rejected',
    at: AT,
    bot: 'btc-trend',
    pair: 'XBT/USD',
    order: {
      tag: 'entry-1',
      pair: 'XXBTZUSD',
      side: 'sell',
      type: 'market',
      volume: new Decimal('0.2'),
      leverage: 2,
    },
    violations: [
      {
        rule: 'margin-allowance',
        code: 'EOrder:Margin allowance exceeded',
        message: 'short 0.2 XBTUSD borrows 0.2 BTC',
      },
    ],
  };
  const started: SessionEvent = {
    type: 'started',
    at: AT - 60_000,
    exchange: 'mock',
    baseUrl: 'http://127.0.0.1:38443',
    bots: bots.map((each) => each.name),
  };
  return {
    at: AT,
    startedAt: AT - 65_000,
    elapsedMs: 65_000,
    durationMs: 1_200_000,
    exchange: { kind: 'mock', baseUrl: 'http://127.0.0.1:38443' },
    tier: 'intermediate',
    tradingState: 'ACTIVE',
    bots,
    pools: [
      {
        currency: 'USD',
        allowance: '20000',
        positions: '13003',
        orders: '0',
        total: '13003',
        headroom: '6997',
      },
      { currency: 'BTC', allowance: '0.3', positions: '0', orders: '0', total: '0', headroom: '0.3' },
    ],
    positions: 1,
    fee: {
      volume30d: new Decimal('9000'),
      taker: new Decimal('0.40'),
      maker: new Decimal('0.25'),
      nextVolume: new Decimal('10000'),
      nextTaker: new Decimal('0.35'),
      nextMaker: new Decimal('0.20'),
      progress: 0.9,
    },
    guardRejections: [
      ['EOrder:Margin allowance exceeded', 7],
      ['EGeneral:Invalid arguments:leverage', 4],
      ['EOrder:Reduce only:No position exists', 2],
    ],
    exchangeRejections: [['EOrder:Insufficient funds', 1]],
    recent: [
      started,
      ...Array.from({ length: 7 }, (_, index) => ({ ...rejected, at: AT - 7_000 + index * 1_000 })),
    ],
    orphans: 0,
  };
}

const DEMO_BOTS = [
  bot('btc-grid', [['XBT/USD', 'USD', '-1.95']], { strategy: 'grid' }),
  bot('eth-dca', [['ETH/USD', 'USD', '-5.94']], { strategy: 'dca' }),
  bot('btc-trend', [['XBT/USD', 'USD', '-294.24']]),
  bot('sol-momentum', [['SOL/USD', 'USD', '0']]),
  bot('keep-dca', [['KEEP/USD', 'USD', '0']], { strategy: 'dca' }),
];
const PNL_AT_END = /\s[+-]?\d[\d,]*\.\d\d [A-Z]+(, [+-]?\d[\d,]*\.\d\d [A-Z]+)*$/;

function expectFits(lines: readonly string[], columns: number, rows: number): void {
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns);
}

describe('the live status view', () => {
  it('fits 80×24 with the header first and every bot with its PnL, dropping columns and events first', () => {
    const lines = renderStatus(status(DEMO_BOTS), 'demo-bot', { columns: 80, rows: 24 });
    expectFits(lines, 80, 24);
    expect(lines[0]).toMatch(/^krakenkit {1,2}demo-bot {1,2}· .* {1,2}ACTIVE {1,2}· {1,2}01:05 \/ 20:00$/);
    expect(lines).toContain('BOT           PAIRS     OPEN  PLACED  FILLS  GUARD-REJ  EXCH-REJ  PnL');
    for (const each of DEMO_BOTS)
      expect(lines.find((line) => line.startsWith(`${each.name} `))).toMatch(PNL_AT_END);
    expect(lines.find((line) => line.startsWith('btc-trend '))).toMatch(/ -294\.24 USD$/);
    expect(lines.find((line) => line.startsWith('FEE TIER'))).not.toMatch(/[█░]/);
    expect(lines).toContain('RECENT');
  });

  it('shows every detail when the terminal has room: URL, tier, strategy column, fee bar, reasons, six events', () => {
    const lines = renderStatus(status(DEMO_BOTS), 'demo-bot', { columns: 160, rows: 50 });
    expectFits(lines, 160, 50);
    expect(lines[0]).toBe(
      'krakenkit  demo-bot  ·  mock exchange http://127.0.0.1:38443  ·  tier intermediate  ·  ACTIVE  ·  01:05 / 20:00',
    );
    expect(lines).toContain(
      'BOT           STRATEGY      PAIRS     OPEN  PLACED  FILLS  GUARD-REJ  EXCH-REJ  PnL',
    );
    expect(lines.find((line) => line.startsWith('FEE TIER'))).toMatch(/\(0\.35% \/ 0\.20%\) \[█{9}░\] 90%$/);
    expect(lines).toContain('  USD  13,003 / 20,000  [█████████████░░░░░░░] 65%');
    expect(lines).toContain('     7 × EOrder:Margin allowance exceeded');
    expect(lines).toContain('     1 × EOrder:Insufficient funds');
    const recent = lines
      .slice(lines.indexOf('RECENT') + 1)
      .filter((line) => /^ {2}\d\d:\d\d:\d\d /.test(line));
    expect(recent).toHaveLength(6);
  });

  it('keeps the header and the bots before anything else on a short terminal, and says how many bots it left out', () => {
    const many = Array.from({ length: 30 }, (_, index) =>
      bot(`bot-${index + 1}`, [['XBT/USD', 'USD', `${index}.5`]]),
    );
    const lines = renderStatus(status(many), 'fleet', { columns: 80, rows: 24 });
    expectFits(lines, 80, 24);
    expect(lines[0]).toMatch(/^krakenkit {1,2}fleet /);
    const rows = lines.filter((line) => /^bot-\d+ /.test(line));
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row).toMatch(PNL_AT_END);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}… ${30 - rows.length} more bot`)));
    expect(lines.some((line) => line.startsWith('MARGIN POOLS'))).toBe(true);
  });

  it('never cuts the PnL: at 36 columns the bot names are cut, the PnL per quote currency stays whole', () => {
    const bots = [
      bot('a-bot-with-a-rather-long-name', [
        ['XBT/USD', 'USD', '12345.678'],
        ['ETH/USD', 'USD', '-45.5'],
        ['XBT/EUR', 'EUR', '-3'],
      ]),
    ];
    const lines = renderStatus(status(bots), 'a-config-with-a-long-name', { columns: 36, rows: 12 });
    expectFits(lines, 36, 12);
    expect(lines[0]).toMatch(/ · ACTIVE · 01:05 \/ 20:00$/);
    expect(lines.find((line) => line.startsWith('a-bot'))).toMatch(
      /^a-bot-wi… {2}\+12,300\.18 USD, -3\.00 EUR$/,
    );
  });

  it('with no size given, draws every detail (the plain text of the full view)', () => {
    const lines = renderStatus(status(DEMO_BOTS), 'demo-bot');
    expect(lines[0]).toContain('http://127.0.0.1:38443');
    expect(lines.at(-1)).toBe('Ctrl-C stops (open orders are cancelled or kept per run.onShutdown)');
  });
});
