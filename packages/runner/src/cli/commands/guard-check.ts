import { ConfigError, ORDER_TYPES, silentLogger } from '@krakenkit/client';
import { issuesFromZod, nameForMessage } from '@krakenkit/core/config';
import type { Decision, OrderIntent } from '@krakenkit/guard';
import { z } from 'zod';
import { money } from '../../config/fields.js';
import { loadBotConfigFile } from '../../config/load.js';
import { type Connection, midOf, openConnection } from '../../engine/connect.js';
import { usdPricePairs } from '../../engine/usd-prices.js';
import { unknownPairMessage } from '../../pairs/check-bot-pairs.js';
import { poolLines } from '../../status/status-view.js';
import { tickOf } from '../../strategies/rounding.js';
import { onePositional, parseCommand, stringFlag, UsageError } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { HELP } from '../help.js';
import type { CliIo } from '../io.js';

/** The `--order` JSON: the guard's OrderIntent fields, money as decimal strings. */
const orderSchema = z.strictObject({
  pair: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  orderType: z.enum(ORDER_TYPES).default('limit'),
  volume: money,
  price: money.optional(),
  price2: money.optional(),
  leverage: z.union([z.string().regex(/^(none|\d+(:1)?)$/), z.number().int().min(1)]).optional(),
  margin: z.boolean().optional(),
  reduceOnly: z.boolean().optional(),
  postOnly: z.boolean().optional(),
  referencePrice: money.optional(),
});

/** `krakenkit guard check <bot.yaml> --order '<json>'`: exit 0 allowed, 3 rejected. */
export async function guardCheckCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('guard check', args, { order: { type: 'string' }, key: { type: 'string' } });
  if (parsed.values['help'] === true) {
    io.stdout.write(`${HELP.guardCheck}\n`);
    return EXIT.ok;
  }
  const file = onePositional('guard check', parsed.positionals, 'the bot config file');
  const orderText = stringFlag(parsed, 'order');
  if (orderText === undefined) throw new UsageError("missing --order '<json>'", 'guard check');
  const order = parseOrder(orderText);
  const config = loadBotConfigFile(file, { cwd: io.cwd });
  const key = stringFlag(parsed, 'key') ?? config.bots[0]?.key;
  if (key === undefined || config.keys[key] === undefined)
    throw new UsageError(`--key: no key named ${nameForMessage(key)} in ${file}`, 'guard check');
  const connection = await openConnection(config, {
    env: io.env,
    logger: silentLogger(),
    keys: [key],
    onWarning: (message) => io.stderr.write(`krakenkit: warning: ${message}\n`),
  });
  try {
    await priceThePair(connection, order.pair);
    return explain(io, connection, order);
  } finally {
    await connection.close();
  }
}

/**
 * The order is judged against the market as it is now (the embedded mock's ticker in paper mode, Kraken's live):
 * its pair's reference price and its currencies' USD prices, even when no bot trades that pair, so the price band
 * and the equity cap have something to measure against.
 */
async function priceThePair(connection: Connection, name: string): Promise<void> {
  const pair = connection.pairs.get(name);
  const client = connection.clients.values().next().value;
  if (pair === undefined || client === undefined) return;
  const usdPairs = usdPricePairs(connection.assetPairs, [pair.base, pair.quote]);
  const ticker = await client.ticker({ pair: [...new Set([pair.id, ...usdPairs.keys()])] });
  for (const [id, info] of Object.entries(ticker)) {
    const asset = usdPairs.get(id);
    if (asset !== undefined) connection.guard.setUsdPrice(asset, midOf(info.b[0], info.a[0]));
    if (id === pair.id) connection.guard.setReferencePrice(id, { bid: info.b[0], ask: info.a[0] });
  }
}

function parseOrder(text: string): OrderIntent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--order is not JSON: ${(error as Error).message}`, 'guard check');
  }
  const result = orderSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ConfigError(issuesFromZod(result.error.issues, '--order', undefined));
  const { leverage, ...rest } = result.data;
  return { kind: 'order', ...rest, ...(leverage === undefined ? {} : { leverage }) } as OrderIntent;
}

function explain(io: CliIo, connection: Connection, order: OrderIntent): number {
  const pair = connection.pairs.get(order.pair);
  if (pair === undefined)
    throw new UsageError(unknownPairMessage(order.pair, connection.pairs, 'on this exchange'), 'guard check');
  const intent: OrderIntent = { ...order, pair: pair.id };
  const decision: Decision = connection.guard.check(intent);
  const touch = connection.guard.snapshot();
  const out = (line = '') => io.stdout.write(`${line}\n`);
  const price = order.price === undefined ? '' : ` @ ${order.price}`;
  const leverage = order.leverage === undefined ? ' (spot)' : ` with leverage ${order.leverage}`;
  out(
    `order:    ${order.side} ${order.volume} ${pair.wsname} ${order.orderType}${price}${leverage}${order.reduceOnly ? ', reduce-only' : ''}`,
  );
  out(
    `account:  ${connection.kind === 'mock' ? 'fresh paper account on the embedded mock exchange' : `Kraken at ${connection.baseUrl}`}, tier ${touch.tier}, trading state ${touch.tradingState}`,
  );
  out(
    `pair:     ${pair.wsname} status ${pair.status}, ordermin ${pair.orderMin?.toFixed() ?? '-'}, tick ${tickOf(pair).toFixed()}, leverage buy [${pair.leverageBuy.join(', ')}] sell [${pair.leverageSell.join(', ')}]`,
  );
  out();
  if (decision.allowed) {
    out(
      'ALLOWED: no guard rule is broken (the exchange may still refuse it for reasons the guard cannot see).',
    );
    if (decision.adjusted !== undefined)
      out(`  the guard would send adjusted values: ${JSON.stringify(decision.adjusted)}`);
  } else {
    out(
      `REJECTED: ${decision.violations.length} rule${decision.violations.length === 1 ? '' : 's'} broken, nothing would be sent:`,
    );
    for (const violation of decision.violations) {
      out(`  - [${violation.rule}] ${violation.code}`);
      out(`      ${violation.message}`);
      const numbers = [
        violation.requested === undefined ? undefined : `requested ${violation.requested}`,
        violation.limit === undefined ? undefined : `limit ${violation.limit}`,
      ].filter((part) => part !== undefined);
      if (numbers.length > 0)
        out(
          `      ${numbers.join(', ')}${violation.currency === undefined ? '' : ` ${violation.currency}`}${violation.field === undefined ? '' : ` (field ${violation.field})`}`,
        );
    }
  }
  out();
  for (const line of poolLines(touch)) out(line);
  return decision.allowed ? EXIT.ok : EXIT.refused;
}
