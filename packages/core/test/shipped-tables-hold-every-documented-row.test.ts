import { AllowanceTable, loadAllowanceTable, loadFeeSchedule, loadTierTable } from '@krakenkit/core';
import { describe, expect, it } from 'vitest';

// Kraken's margin allowance table, row by row: the most of each currency that may be borrowed from its pool,
// counted in that currency. Fiat rows (marked "fiat") limit long positions only; KEEP is reduce-only at 0.
const ALLOWANCES: Record<string, string> = {
  AUD: '150000',
  CAD: '500000',
  CHF: '300000',
  EUR: '8000000',
  GBP: '1000000',
  JPY: '2500000',
  USD: '15000000',
  AAVE: '670',
  ADA: '1200000',
  ALGO: '320000',
  APE: '15000',
  APT: '5680',
  ARB: '13600',
  ATOM: '19000',
  AVAX: '4200',
  AXS: '2300',
  BAT: '230000',
  BCH: '710',
  BLUR: '48000',
  BTC: '310',
  COMP: '720',
  CRV: '38000',
  DAI: '470000',
  DASH: '860',
  DOGE: '4200000',
  DOT: '43000',
  EOS: '76000',
  ETC: '3600',
  ETH: '2600',
  FIL: '14000',
  FLOW: '35000',
  FLR: '960000',
  FTM: '62000',
  GRT: '340000',
  KAVA: '45000',
  KEEP: '0',
  KSM: '1200',
  LDO: '24160',
  LINK: '25000',
  LRC: '70000',
  LTC: '4600',
  MANA: '130000',
  MATIC: '360000',
  MINA: '52000',
  NANO: '9000',
  OCEAN: '156000',
  OMG: '32000',
  PAXG: '110',
  REP: '500',
  SAND: '48000',
  SC: '6500000',
  SOL: '18000',
  TRX: '1700000',
  UNI: '8100',
  USDC: '4900000',
  USDT: '5600000',
  WAVES: '7900',
  XLM: '800000',
  XMR: '1400',
  XRP: '1100000',
  XTZ: '74000',
  ZEC: '2600',
};

const FIAT = ['AUD', 'CAD', 'CHF', 'EUR', 'GBP', 'JPY', 'USD'];

// The spot fee schedule: from a rolling 30-day USD volume up, maker and taker fee in percent.
const FEE_TIERS = [
  ['0', '0.25', '0.40'],
  ['10000', '0.20', '0.35'],
  ['50000', '0.14', '0.24'],
  ['100000', '0.12', '0.22'],
  ['250000', '0.10', '0.20'],
  ['500000', '0.08', '0.18'],
  ['1000000', '0.06', '0.16'],
  ['2500000', '0.04', '0.14'],
  ['5000000', '0.02', '0.12'],
  ['10000000', '0.00', '0.10'],
] as const;

describe('the shipped allowance table holds every documented row', () => {
  it('lists each currency with its allowance, no more and no fewer', () => {
    const table = loadAllowanceTable();
    const shipped = Object.fromEntries(
      Object.entries(table.currencies).map(([currency, row]) => [currency, row.allowance]),
    );
    expect(shipped).toEqual(ALLOWANCES);
  });

  it('marks exactly the fiat rows long-only and only KEEP reduce-only, for every tier', () => {
    for (const tier of ['starter', 'intermediate', 'pro'] as const) {
      const table = new AllowanceTable(loadAllowanceTable(), tier);
      for (const currency of Object.keys(ALLOWANCES)) {
        const row = table.rowOf(currency);
        expect(row.allowance.toFixed(), currency).toBe(ALLOWANCES[currency]);
        expect(row.fiat, currency).toBe(FIAT.includes(currency));
        expect(row.reduceOnly, currency).toBe(currency === 'KEEP');
      }
    }
  });
});

describe('the shipped fee schedule holds every documented tier', () => {
  it('gives maker and taker percent from each 30-day USD volume floor, lowest first', () => {
    const schedule = loadFeeSchedule();
    expect(schedule.volumeCurrency).toBe('ZUSD');
    expect(schedule.tiers.map((tier) => [tier.volume, tier.maker, tier.taker])).toEqual(FEE_TIERS);
  });
});

describe('the shipped tier table holds every documented account limit', () => {
  it('Starter: no fiat deposits, 5,000 USD of withdrawals a day, no margin', () => {
    const { starter } = loadTierTable();
    expect(starter).toMatchObject({
      fiatDepositDailyUsd: '0',
      withdrawalDailyUsd: '5000',
      margin: false,
      maxLeverage: 1,
    });
  });

  it('Intermediate: 100,000 USD of fiat deposits and 500,000 USD of withdrawals a day, margin up to 5x', () => {
    const { intermediate } = loadTierTable();
    expect(intermediate).toMatchObject({
      fiatDepositDailyUsd: '100000',
      withdrawalDailyUsd: '500000',
      margin: true,
      maxLeverage: 5,
    });
  });

  it('Pro: 10,000,000 USD of fiat deposits and of withdrawals a day, margin on', () => {
    const { pro } = loadTierTable();
    expect(pro).toMatchObject({
      fiatDepositDailyUsd: '10000000',
      withdrawalDailyUsd: '10000000',
      margin: true,
    });
  });

  it('rate counters: REST 15 / −0.33 s⁻¹, 20 / −0.5, 20 / −1; trading 60 / 125 / 180 decaying 1 / 2.34 / 3.75', () => {
    const tiers = loadTierTable();
    expect([tiers.starter.rest, tiers.intermediate.rest, tiers.pro.rest]).toEqual([
      { max: 15, decayPerSecond: 0.33 },
      { max: 20, decayPerSecond: 0.5 },
      { max: 20, decayPerSecond: 1 },
    ]);
    expect([tiers.starter.trading, tiers.intermediate.trading, tiers.pro.trading]).toEqual([
      { threshold: 60, decayPerSecond: 1, maxOpenOrdersPerPair: 60 },
      { threshold: 125, decayPerSecond: 2.34, maxOpenOrdersPerPair: 80 },
      { threshold: 180, decayPerSecond: 3.75, maxOpenOrdersPerPair: 225 },
    ]);
  });
});
