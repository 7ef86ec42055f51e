import { randomBytes } from 'node:crypto';
import { createClient, type KrakenClient } from '@krakenkit/client';
import { ManualClock, MockExchange, mockTransport } from '@krakenkit/mock-exchange';
import { afterEach, describe, expect, it } from 'vitest';

// Kraken's spot fee schedule: from a rolling 30-day USD volume up, the maker and taker fee in percent. An order
// that adds liquidity pays the maker fee, one that takes it the taker fee.
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

const apiSecret = randomBytes(64).toString('base64');
const clients: KrakenClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

function account(options: { volume30d?: string; balances?: Record<string, string> }): {
  exchange: MockExchange;
  client: KrakenClient;
} {
  const exchange = new MockExchange({
    seed: 'fee-tiers',
    clock: new ManualClock(),
    accounts: [{ id: 'me', tier: 'intermediate', apiKey: 'k', apiSecret, ...options }],
  });
  const client = createClient({
    transport: mockTransport(exchange),
    tier: 'intermediate',
    key: {
      name: 'me',
      apiKey: 'k',
      apiSecret,
      permissions: ['funds_query', 'trades_query_open', 'trades_modify'],
    },
  });
  clients.push(client);
  return { exchange, client };
}

const percent = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : String(Number(text));

describe('the fee tier follows the 30-day USD volume', () => {
  it.each(FEE_TIERS)('from %s USD: maker %s %%, taker %s %%', async (volume, maker, taker) => {
    const { client } = account({ volume30d: volume });
    const answer = await client.tradeVolume({ pair: 'XBTUSD' });
    expect(percent(answer.fees?.['XXBTZUSD']?.fee)).toBe(String(Number(taker)));
    expect(percent(answer.fees_maker?.['XXBTZUSD']?.fee)).toBe(String(Number(maker)));
  });

  // Each floor paired with the maker and taker fee of the tier below it.
  const BELOW_EACH_FLOOR = FEE_TIERS.slice(1).map(
    ([volume], index) => [volume, FEE_TIERS[index]?.[1] ?? '', FEE_TIERS[index]?.[2] ?? ''] as const,
  );

  it.each(BELOW_EACH_FLOOR)(
    'just below %s USD the tier below still applies: maker %s %%, taker %s %%',
    async (volume, maker, taker) => {
      const { client } = account({ volume30d: String(Number(volume) - 0.01) });
      const answer = await client.tradeVolume({ pair: 'XBTUSD' });
      expect(percent(answer.fees?.['XXBTZUSD']?.fee)).toBe(String(Number(taker)));
      expect(percent(answer.fees_maker?.['XXBTZUSD']?.fee)).toBe(String(Number(maker)));
    },
  );
});

describe('used margin is the position size divided by the leverage', () => {
  it('a 15,000 USD long at 5:1 uses 3,000 USD of margin; free margin is equity less that', async () => {
    const { exchange, client } = account({ balances: { ZUSD: '5000' } });
    exchange.setPrice('XBTUSD', '29999.5'); // the ask is 30000.0
    await client.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.5', leverage: '5' });
    const balance = await client.tradeBalance();
    expect(Number(balance.m)).toBe(3000);
    // Before fees and the spread, equity is the 5,000 USD deposit and free margin 2,000 USD.
    expect(Number(balance.mf)).toBeCloseTo(Number(balance.e) - 3000, 4);
    expect(Number(balance.mf)).toBeLessThanOrEqual(2000);
  });
});
