/**
 * Your own guard rules, two ways:
 *  1. the built-in rules tuned from YAML (the guard's own format, as in config/guard.example.yaml): here a cap on
 *     the notional of one order and a lower leverage cap on one pair;
 *  2. a rule of your own, in front of the guarded client, refusing the same way the guard does
 *     (GuardRejectedError with violations): here, at most `maxOrders` accepted orders per pair in `windowMs`.
 *
 *   node --conditions=@krakenkit/source --import tsx examples/custom-guard-rule.ts
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { type AddOrderParams, createClient } from '@krakenkit/client';
import {
  createGuard,
  type GuardedTrading,
  GuardRejectedError,
  guardClient,
  loadGuardConfig,
  type Violation,
} from '@krakenkit/guard';
import { startMockExchange } from '@krakenkit/mock-exchange';

const RULES_YAML = `
tier: intermediate
sanity:
  maxOrderNotional: { USD: "5000" }   # no single order above 5,000 USD
pairs:
  XBTUSD:
    maxLeverage: 2                    # Kraken offers 5x on XBT/USD; we allow 2x
`;

/** A rule of your own: `check` before the guard; `sent` once the exchange accepted the order. */
export interface OwnRule {
  check(params: AddOrderParams): Violation | undefined;
  sent?(params: AddOrderParams): void;
}

/** At most `maxOrders` orders accepted per pair within `windowMs` (a budget far below Kraken's). */
export function orderBudget(maxOrders: number, windowMs: number, now: () => number = Date.now): OwnRule {
  const sent = new Map<string, number[]>();
  const recent = (pair: string) => (sent.get(pair) ?? []).filter((at) => now() - at < windowMs);
  return {
    check(params) {
      const count = recent(params.pair).length;
      if (count < maxOrders) return undefined;
      return {
        rule: 'order-rate',
        code: 'EGuard:Own order budget',
        message: `${params.pair}: ${count} orders in the last ${windowMs} ms, the budget is ${maxOrders}`,
        limit: String(maxOrders),
        requested: String(count + 1),
      };
    },
    sent(params) {
      sent.set(params.pair, [...recent(params.pair), now()]);
    },
  };
}

/** The guarded client with your rules in front of addOrder; everything else unchanged. */
export function withOwnRules(trading: GuardedTrading, rules: readonly OwnRule[]): GuardedTrading {
  return {
    ...trading,
    async addOrder(params, options) {
      const violations = rules
        .map((rule) => rule.check(params))
        .filter((v): v is Violation => v !== undefined);
      if (violations.length > 0) throw new GuardRejectedError('addOrder', violations);
      const result = await trading.addOrder(params, options);
      for (const rule of rules) rule.sent?.(params);
      return result;
    },
  };
}

export async function main(
  options: { log?: (line: string) => void } = {},
): Promise<Array<{ order: string; outcome: string }>> {
  const log = options.log ?? console.log;
  const apiSecret = randomBytes(64).toString('base64');
  const exchange = await startMockExchange({
    accounts: [
      {
        id: 'me',
        tier: 'intermediate',
        apiKey: 'rules-key',
        apiSecret,
        balances: { ZUSD: '50000', XXBT: '1' },
      },
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
    key: { name: 'rules', apiKey: 'rules-key', apiSecret, permissions },
  });
  const outcomes: Array<{ order: string; outcome: string }> = [];
  try {
    // The guard starts from what the account holds: it refuses every order until it knows (fail closed).
    const [openOrders, openPositions, balance] = await Promise.all([
      client.openOrders(),
      client.openPositions(),
      client.balance(),
    ]);
    const guard = createGuard(
      { ...loadGuardConfig(RULES_YAML), assetPairs: await client.assetPairs() },
      { openOrders, openPositions, balance },
    );
    const trading = withOwnRules(guardClient(client, guard), [orderBudget(2, 10_000)]);
    const orders: Array<[string, AddOrderParams]> = [
      ['0.01 BTC limit', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '60000' }],
      [
        '0.5 BTC limit (30,000 USD)',
        { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.5', price: '60000' },
      ],
      [
        '0.01 BTC at 3x',
        { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '60000', leverage: '3' },
      ],
      [
        '0.01 BTC limit again',
        { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '59000' },
      ],
      [
        'a third small order within 10 s',
        { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '58000' },
      ],
    ];
    for (const [name, params] of orders) {
      try {
        const placed = await trading.addOrder(params);
        outcomes.push({ order: name, outcome: `placed ${placed.txid?.[0]}` });
      } catch (error) {
        if (!(error instanceof GuardRejectedError)) throw error;
        outcomes.push({ order: name, outcome: `refused: ${error.violations.map((v) => v.code).join(', ')}` });
      }
    }
    for (const { order, outcome } of outcomes) log(`${order.padEnd(34)} ${outcome}`);
    return outcomes;
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
