/**
 * A guarded order in a few lines: wrap the client with the guard, and every order is checked (and its headroom
 * reserved) before anything is sent. A refused order throws GuardRejectedError listing every rule it breaks.
 *
 * Runs against the embedded mock exchange (paper money on 127.0.0.1):
 *   node --conditions=@krakenkit/source --import tsx examples/guarded-order.ts
 * For Kraken itself: drop the mock, give createClient your key (secret from the environment) and no baseUrl.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createClient } from '@krakenkit/client';
import { createGuard, GuardRejectedError, guardClient, type Violation } from '@krakenkit/guard';
import { startMockExchange } from '@krakenkit/mock-exchange';

export interface GuardedOrderResult {
  /** The order the guard let through, as the exchange numbered it. */
  txid: string | undefined;
  /** Why the second order never left the process. */
  refused: readonly Violation[];
}

export async function main(options: { log?: (line: string) => void } = {}): Promise<GuardedOrderResult> {
  const log = options.log ?? console.log;
  const apiSecret = randomBytes(64).toString('base64');
  const exchange = await startMockExchange({
    accounts: [
      { id: 'me', tier: 'intermediate', apiKey: 'example-key', apiSecret, balances: { ZUSD: '50000' } },
    ],
  });
  const permissions = [
    'funds_query',
    'trades_query_open',
    'trades_query_closed',
    'trades_modify',
    'trades_close',
  ] as const;
  const client = createClient({
    baseUrl: exchange.url,
    tier: 'intermediate',
    key: { name: 'example', apiKey: 'example-key', apiSecret, permissions },
  });
  try {
    // The guard: the account's tier, the exchange's pair data, and a USD margin allowance of our own.
    // Seeded with the account as the exchange sees it: an unseeded guard refuses every order (it fails closed).
    const guard = createGuard(
      {
        tier: 'intermediate',
        assetPairs: await client.assetPairs(),
        allowances: { USD: { allowance: '10000', fiat: true, aliases: ['ZUSD'] } },
      },
      {
        openOrders: await client.openOrders(),
        openPositions: await client.openPositions(),
        balance: await client.balance(),
      },
    );
    const trading = guardClient(client, guard); // the only door to the exchange from here on

    const placed = await trading.addOrder({
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.01',
      price: '60000',
    });
    log(`placed: ${placed.descr.order} → ${placed.txid?.[0]}`);

    try {
      // A margin long borrows its whole cost from the USD pool: 60,000 USD, over our 10,000 USD allowance.
      await trading.addOrder({
        pair: 'XBTUSD',
        type: 'buy',
        ordertype: 'limit',
        volume: '1',
        price: '60000',
        leverage: '5',
      });
      return { txid: placed.txid?.[0], refused: [] };
    } catch (error) {
      if (!(error instanceof GuardRejectedError)) throw error;
      for (const violation of error.violations)
        log(`refused, nothing sent: ${violation.code}: ${violation.message}`);
      return { txid: placed.txid?.[0], refused: error.violations };
    }
  } finally {
    await client.close();
    await exchange.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
