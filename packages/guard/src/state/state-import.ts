import { ORDER_TYPES, type PairIndex, ValidationError } from '@krakenkit/core';
import { z } from 'zod';
import { Dec } from '../decimal.js';
import type { GuardPair } from '../pairs/pair-info.js';
import { EXEC_ID_MAX_LENGTH, EXEC_IDS_KEEP_COUNT } from './exec-ids.js';
import type { GuardState } from './guard-state.js';
import { ENDED_KEEP_COUNT, type NewOrder } from './orders.js';
import type { LatchedBreach, ScopeLedger } from './pnl-ledger.js';
import { STATE_VERSION } from './state-export.js';

const decimal = z.string().regex(/^-?\d{1,80}(\.\d{1,80})?$/, { error: 'expected decimal text' });
const time = z.number().finite();
const side = z.enum(['buy', 'sell']);
const maybe = <T extends z.ZodType>(schema: T) => schema.optional();

const breachSchema = z.strictObject({
  day: z.number().int(),
  amount: decimal,
  percent: maybe(decimal),
  peak: maybe(decimal),
  now: maybe(decimal),
});

const ledgerSchema = z.strictObject({
  day: z.number().int(),
  dayStartUsd: decimal,
  peakUsd: decimal,
  daily: maybe(breachSchema),
  drawdown: maybe(breachSchema),
  drawdownPercent: maybe(breachSchema),
  pairs: z.array(
    z.strictObject({
      pair: z.string(),
      cash: decimal,
      base: decimal,
      spotBase: decimal,
      fees: decimal,
      lastPrice: decimal,
    }),
  ),
});

const orderSchema = z.strictObject({
  ref: z.string(),
  txid: maybe(z.string()),
  clOrdId: maybe(z.string()),
  pair: z.string(),
  side,
  orderType: z.enum(ORDER_TYPES),
  margin: z.boolean(),
  opening: z.boolean(),
  reducing: z.boolean(),
  reduceOnly: z.boolean(),
  status: z.enum(['in-flight', 'open']),
  volume: decimal,
  filled: decimal,
  filledBase: maybe(decimal),
  price: decimal,
  changedAt: time,
  expiresAt: maybe(time),
  owner: maybe(z.string()),
  instance: maybe(z.string()),
  reservedRef: maybe(z.string()),
  pendingAmend: maybe(
    z.strictObject({
      ref: z.string(),
      volume: decimal,
      price: decimal,
      replace: z.boolean(),
      instance: maybe(z.string()),
    }),
  ),
});

const endedSchema = z.strictObject({ ...orderSchema.shape, endedAt: time });

const stateSchema = z.strictObject({
  version: z.literal(STATE_VERSION),
  seeded: z.boolean(),
  tradingState: z.string(),
  tradingStateReason: z.string(),
  nextRef: z.number().int().positive(),
  positions: z.array(
    z.strictObject({
      id: z.string(),
      pair: z.string(),
      side,
      volume: decimal,
      cost: decimal,
      openedAt: time,
    }),
  ),
  orders: z.array(orderSchema),
  ended: maybe(z.array(endedSchema).max(ENDED_KEEP_COUNT)),
  execIds: maybe(z.array(z.string().min(1).max(EXEC_ID_MAX_LENGTH)).max(EXEC_IDS_KEEP_COUNT)),
  withdrawals: z.array(
    z.strictObject({
      ref: z.string(),
      at: time,
      usd: decimal,
      asset: z.string(),
      amount: decimal,
      status: z.enum(['in-flight', 'sent']),
      instance: maybe(z.string()),
    }),
  ),
  rates: z.array(z.strictObject({ pair: z.string(), value: z.number().finite(), at: time })),
  balances: z.array(z.tuple([z.string(), decimal])),
  tradeVolume30dUsd: maybe(decimal),
  unresolved: z.array(z.string()),
  pnl: z.strictObject({ account: ledgerSchema, bots: z.array(z.tuple([z.string(), ledgerSchema])) }),
});

type ExportedState = z.infer<typeof stateSchema>;

/**
 * Reads text written by exportState into `state`, a fresh GuardState (its books empty). Anything that is not such
 * text throws a ValidationError naming the first field at fault. A pair this process does not know makes the
 * item unresolved (the guard refuses until it can value it), as seeding does.
 */
export function importState(state: GuardState, text: string, pairs: PairIndex<GuardPair>): void {
  const data = parseState(text);
  state.seeded = data.seeded;
  state.tradingState = data.tradingState as GuardState['tradingState'];
  state.tradingStateReason = data.tradingStateReason;
  state.refCounter = data.nextRef;
  for (const item of data.unresolved) state.unresolved.add(item);
  for (const position of data.positions) {
    const pair = pairOf(state, pairs, position.pair, `position ${position.id}`);
    const volume = new Dec(position.volume);
    if (pair !== undefined)
      state.positions.open(
        position.id,
        pair,
        position.side,
        volume,
        new Dec(position.cost),
        position.openedAt,
      );
  }
  for (const order of data.orders) importOrder(state, pairs, order);
  for (const { endedAt, ...order } of data.ended ?? []) {
    const input = orderInput(state, pairs, order);
    if (input !== undefined) state.orders.restoreEnded(input, endedAt);
  }
  for (const id of data.execIds ?? []) state.execIds.note(id);
  for (const entry of data.withdrawals) {
    const { usd, amount, instance, ...rest } = entry;
    state.withdrawals.add({ ...rest, usd: new Dec(usd), amount: new Dec(amount), instance });
  }
  state.rates.restore(new Map(data.rates.map(({ pair, value, at }) => [pair, { value, at }])));
  for (const [currency, amount] of data.balances) state.balances.set(currency, new Dec(amount));
  if (data.tradeVolume30dUsd !== undefined) state.tradeVolume30dUsd = new Dec(data.tradeVolume30dUsd);
  importLedger(state, pairs, state.pnl.account, data.pnl.account);
  for (const [name, ledger] of data.pnl.bots) importLedger(state, pairs, state.pnl.bot(name, 0), ledger);
}

function parseState(text: string): ExportedState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('state', text, 'JSON written by exportState()', { cause: error });
  }
  const parsed = stateSchema.safeParse(upgradedFromVersion1(json), { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new ValidationError(`state${path === '' ? '' : `.${path}`}`, issue?.input, issue?.message ?? 'valid');
}

// Version 1 differs only in the name of the orders' age mark.
function upgradedFromVersion1(json: unknown): unknown {
  if (!isRecord(json) || json['version'] !== 1 || !Array.isArray(json['orders'])) return json;
  const orders = json['orders'].map((order: unknown) => {
    if (!isRecord(order) || !('createdAt' in order)) return order;
    const { createdAt, ...rest } = order;
    return { ...rest, changedAt: createdAt };
  });
  return { ...json, version: STATE_VERSION, orders };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type ExportedOrder = ExportedState['orders'][number];

function orderInput(
  state: GuardState,
  pairs: PairIndex<GuardPair>,
  order: ExportedOrder,
): NewOrder | undefined {
  const pair = pairOf(state, pairs, order.pair, `order ${order.ref}`);
  if (pair === undefined) return undefined;
  const { pendingAmend: _pendingAmend, volume, filled, filledBase, price, ...rest } = order;
  return {
    ...rest,
    clOrdId: rest.clOrdId,
    pair,
    volume: new Dec(volume),
    filled: new Dec(filled),
    ...(filledBase === undefined ? {} : { filledBase: new Dec(filledBase) }),
    price: new Dec(price),
  };
}

function importOrder(state: GuardState, pairs: PairIndex<GuardPair>, order: ExportedOrder) {
  const input = orderInput(state, pairs, order);
  if (input === undefined) return;
  const tracked = state.orders.add(input);
  const { pendingAmend } = order;
  if (pendingAmend === undefined) return;
  state.orders.beginAmend(tracked, {
    ref: pendingAmend.ref,
    volume: new Dec(pendingAmend.volume),
    price: new Dec(pendingAmend.price),
    replace: pendingAmend.replace,
    instance: pendingAmend.instance,
  });
}

function importLedger(
  state: GuardState,
  pairs: PairIndex<GuardPair>,
  ledger: ScopeLedger,
  data: ExportedState['pnl']['account'],
): void {
  ledger.day = data.day;
  ledger.dayStartUsd = new Dec(data.dayStartUsd);
  ledger.peakUsd = new Dec(data.peakUsd);
  ledger.daily = breachOf(data.daily);
  ledger.drawdown = breachOf(data.drawdown);
  ledger.drawdownPercent = breachOf(data.drawdownPercent);
  for (const entry of data.pairs) {
    const pair = pairOf(state, pairs, entry.pair, 'trading PnL');
    if (pair === undefined) continue;
    ledger.pairs.set(pair.id, {
      pair,
      cash: new Dec(entry.cash),
      base: new Dec(entry.base),
      spotBase: new Dec(entry.spotBase),
      fees: new Dec(entry.fees),
      lastPrice: new Dec(entry.lastPrice),
    });
  }
}

function breachOf(data: z.infer<typeof breachSchema> | undefined): LatchedBreach | undefined {
  if (data === undefined) return undefined;
  return {
    day: data.day,
    amount: new Dec(data.amount),
    ...(data.percent === undefined ? {} : { percent: new Dec(data.percent) }),
    ...(data.peak === undefined ? {} : { peak: new Dec(data.peak) }),
    ...(data.now === undefined ? {} : { now: new Dec(data.now) }),
  };
}

function pairOf(state: GuardState, pairs: PairIndex<GuardPair>, id: string, what: string) {
  const pair = pairs.get(id);
  if (pair === undefined) state.unresolved.add(`${what} on unknown pair ${id}`);
  return pair;
}
