import { type RunningMockExchange, startMockExchange } from '@krakenkit/mock-exchange';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// CCXT's kraken class, unchanged, against the loopback mock: anything it trips on is a fidelity bug in the mock.
// Two settings only: the URLs (pointed at the server) and enableRateLimit: false (CCXT's own 3 s throttle between
// private calls would make this file slow; the mock enforces Kraken's limits itself).
const apiKey = 'ccxt-against-mock';
const secret = 'TMaQkwMFTMSQ9nNT0tcN1Du71TaXADlQrRMN43nNZDrxMNXoEo1NxnIuEV25QpkSWmXFpeX+uvsEz1qqXreANw==';

let running: RunningMockExchange;
let kraken: InstanceType<typeof ccxt.kraken>;

/** CCXT signs with millisecond nonces: calls made within one millisecond would reuse a nonce (as on Kraken). */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1));
}

beforeAll(async () => {
  running = await startMockExchange({
    seed: 'ccxt',
    accounts: [
      {
        id: 'ccxt',
        tier: 'intermediate',
        apiKey,
        apiSecret: secret,
        balances: { ZUSD: '100000', XXBT: '2' },
      },
    ],
  });
  kraken = new ccxt.kraken({ apiKey, secret, enableRateLimit: false });
  kraken.urls['api'] = {
    ...(kraken.urls['api'] as Record<string, string>),
    public: running.url,
    private: running.url,
  };
  await kraken.loadMarkets();
});

afterAll(async () => {
  await running.close();
});

describe('CCXT kraken against the mock exchange', () => {
  it('loadMarkets reads Assets and AssetPairs into unified markets', () => {
    expect(kraken.symbols).toEqual(
      expect.arrayContaining([
        'BTC/USD',
        'BTC/EUR',
        'BTC/GBP',
        'ETH/USD',
        'ETH/BTC',
        'SOL/USD',
        'ATOM/USD',
        'EUR/USD',
        'USDT/USD',
        'KEEP/USD',
      ]),
    );
    const btc = kraken.market('BTC/USD');
    expect(btc.id).toBe('XXBTZUSD');
    expect(btc.precision).toMatchObject({ price: 0.1, amount: 1e-8 });
    expect(btc.limits.amount?.min).toBe(0.00005);
    expect(btc.limits.cost?.min).toBe(0.5);
    expect(btc.margin).toBe(true);
    expect(btc.taker).toBe(0.004);
    expect(kraken.market('KEEP/USD').active).toBe(false); // reduce_only
  });

  it('fetchBalance reads BalanceEx', async () => {
    await nextMillisecond();
    const balance = await kraken.fetchBalance();
    const total = balance.total as unknown as Record<string, number>;
    expect(total['USD']).toBe(100000);
    expect(total['BTC']).toBe(2);
  });

  it('createOrder (limit), fetchOpenOrders, fetchOrder, cancelOrder', async () => {
    await nextMillisecond();
    const placed = await kraken.createOrder('BTC/USD', 'limit', 'buy', 0.01, 60000);
    const id = placed.id ?? '';
    expect(id).toMatch(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    await nextMillisecond();
    const open = await kraken.fetchOpenOrders('BTC/USD');
    expect(open.map((o) => o.id)).toContain(id);
    const mine = open.find((o) => o.id === id)!;
    expect(mine).toMatchObject({
      status: 'open',
      side: 'buy',
      type: 'limit',
      price: 60000,
      amount: 0.01,
      filled: 0,
    });
    await nextMillisecond();
    expect(await kraken.fetchOrder(id)).toMatchObject({ id, status: 'open', symbol: 'BTC/USD' });
    await nextMillisecond();
    await kraken.cancelOrder(id);
    await nextMillisecond();
    expect(await kraken.fetchOrder(id)).toMatchObject({ status: 'canceled' });
    await nextMillisecond();
    expect((await kraken.fetchOpenOrders()).map((o) => o.id)).not.toContain(id);
  });

  it('createOrder (market) fills, and fetchMyTrades shows the taker trade', async () => {
    await nextMillisecond();
    const placed = await kraken.createOrder('BTC/USD', 'market', 'buy', 0.01);
    await nextMillisecond();
    expect(await kraken.fetchOrder(placed.id ?? '')).toMatchObject({ status: 'closed', filled: 0.01 });
    await nextMillisecond();
    const trades = await kraken.fetchMyTrades('BTC/USD');
    const trade = trades.find((t) => t.order === placed.id)!;
    expect(trade).toMatchObject({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'market',
      amount: 0.01,
      takerOrMaker: 'taker',
    });
    expect(trade.fee?.currency).toBe('USD');
  });

  it("Kraken error strings map to CCXT's exception classes", async () => {
    await nextMillisecond();
    await expect(kraken.createOrder('BTC/USD', 'limit', 'buy', 0.00001, 60000)).rejects.toBeInstanceOf(
      ccxt.InvalidOrder,
    );
    await nextMillisecond();
    await expect(kraken.createOrder('BTC/USD', 'limit', 'buy', 10, 60000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
    await nextMillisecond();
    await expect(kraken.cancelOrder('OAAAAA-BBBBB-CCCCCC')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
    expect(running.exchange.internalErrors).toEqual([]);
  });
});
