import { KrakenError } from '@krakenkit/client';
import { Decimal, ZERO } from './decimal.js';
import { type DifferentialWorld, differentialWorld, type Trader } from './differential-world.js';
import { exchangeExposure } from './exchange-usage.js';
import { type AccountView, flattenOrders, type GeneratedOrder, generateOrder } from './order-generator.js';
import { type ExchangeOutcome, Referee } from './referee.js';
import { INTERMEDIATE_MAX_LEVERAGE } from './relaxed-limits.js';
import { SeededRandom } from './seeded-random.js';

/** A difference between the guard's pool usage or positions and the exchange's, found between orders. */
export interface Drift {
  step: number;
  tier: string;
  what: string;
  guard: string;
  exchange: string;
}

/** Debugging aids: check state after every `checkEvery` steps, stop at the first drift, trace each order. */
export interface RunOptions {
  checkEvery?: number;
  stopAtFirstDrift?: boolean;
  trace?: (step: number, tier: string, order: GeneratedOrder) => void;
  /** Called before the world closes (inspect the guard and the exchange at the end). */
  inspect?: (world: DifferentialWorld) => void;
}

export interface DifferentialResult {
  referee: Referee;
  drifts: Drift[];
  steps: number;
}

/** The pair switched to reduce_only for a while now and then (KEEP is reduce-only for good, with no positions). */
const TOGGLED_PAIR = 'SOLUSD';
const MAX_OPEN_ORDERS = 12;
const MAX_POSITIONS = 40;
const TIER_WEIGHTS = { starter: 12, intermediate: 44, pro: 44 } as const;

/**
 * Runs random orders and closes through each account's guard and, unguarded, through the mock exchange until
 * `orders` orders have been sent, moving prices, switching a pair to reduce_only and back, cancelling and
 * flattening along the way. Every order is judged by the referee; between orders the guard's pools and positions
 * are compared with the exchange's.
 */
export async function runDifferential(
  seed: number,
  orders: number,
  options: RunOptions = {},
): Promise<DifferentialResult> {
  const checkEvery = options.checkEvery ?? 50;
  const rng = new SeededRandom(seed);
  const world = await differentialWorld(`differential-${seed}`, ['starter', 'intermediate', 'pro']);
  const referee = new Referee();
  const drifts: Drift[] = [];
  let reduceOnlyUntil = -1;
  let step = 0;
  try {
    for (; referee.orders < orders; step += 1) {
      if (step % 20 === 0) await movePrices(world, rng);
      if (step % 700 === 350) {
        world.exchange.setPairStatus(TOGGLED_PAIR, 'reduce_only');
        await world.refreshAssetPairs();
        reduceOnlyUntil = step + 150;
      } else if (step === reduceOnlyUntil) {
        world.exchange.setPairStatus(TOGGLED_PAIR, 'online');
        await world.refreshAssetPairs();
      }
      const trader = pickTrader(rng, world);
      await cancelOldest(world, trader);
      const view = accountView(world, trader);
      const flatten =
        world.exchange.account(trader.accountId).positions.size > MAX_POSITIONS || rng.chance(0.004);
      const batch = flatten ? flattenOrders(view, rng) : [generateOrder(rng, view)];
      for (const order of batch) {
        options.trace?.(step, trader.tier, order);
        await playOrder(world, trader, order, referee, step);
      }
      if (step % checkEvery === checkEvery - 1) await checkDrift(world, drifts, step);
      if (options.stopAtFirstDrift === true && drifts.length > 0) break;
    }
    await checkDrift(world, drifts, step);
  } finally {
    options.inspect?.(world);
    await world.close();
  }
  return { referee, drifts, steps: step };
}

async function playOrder(
  world: DifferentialWorld,
  trader: Trader,
  order: GeneratedOrder,
  referee: Referee,
  step: number,
): Promise<void> {
  const decision = trader.guard.reserve(order.intent);
  let outcome: ExchangeOutcome;
  try {
    const result = await trader.client.addOrder(order.params);
    outcome = { ok: true, txid: result.txid?.[0] ?? '' };
  } catch (error) {
    if (!(error instanceof KrakenError)) throw error;
    outcome = { ok: false, code: error.code };
  }
  if (decision.ref !== undefined) {
    trader.guard.apply(
      outcome.ok
        ? { type: 'order-accepted', ref: decision.ref, txid: outcome.txid }
        : { type: 'order-rejected', ref: decision.ref, code: outcome.code },
    );
  }
  world.drain(trader);
  const disagreement = referee.record(step, trader.tier, order, decision, outcome);
  // Keep going from the exchange's truth, so one disagreement does not cascade into many.
  if (disagreement !== undefined) await resync(trader);
}

function pickTrader(rng: SeededRandom, world: DifferentialWorld): Trader {
  const tier = rng.weighted(TIER_WEIGHTS);
  const trader = world.traders.find((t) => t.tier === tier);
  if (trader === undefined) throw new Error(`no ${tier} trader`);
  return trader;
}

/** Keeps the books short (the mock scans them per order): cancels the oldest resting orders past the cap. */
async function cancelOldest(world: DifferentialWorld, trader: Trader): Promise<void> {
  const open = world.exchange.account(trader.accountId).open;
  while (open.size > MAX_OPEN_ORDERS) {
    const oldest = open.values().next().value;
    if (oldest === undefined) return;
    await trader.client.cancelOrder({ txid: oldest.txid });
    world.drain(trader);
  }
}

/** A random-walk step of every pair (resting orders may fill) or a jump of one pair; then fresh touches. */
async function movePrices(world: DifferentialWorld, rng: SeededRandom): Promise<void> {
  if (rng.chance(0.5)) {
    world.clock.advance(rng.int(1, 4) * 1000);
  } else {
    const pair = rng.pick(world.pairs);
    const touch = world.touches.get(pair.id);
    if (touch !== undefined) {
      const mid = touch.bid
        .plus(touch.ask)
        .div(2)
        .times(1 + (rng.next() - 0.5) * 0.03);
      const ticks = Decimal.max(mid.div(pair.tick).round(), 20);
      world.exchange.setPrice(pair.id, ticks.times(pair.tick).toFixed());
    }
  }
  await world.refreshPrices();
  world.drain();
}

function accountView(world: DifferentialWorld, trader: Trader): AccountView {
  const snapshot = trader.guard.snapshot();
  const pools = new Map(snapshot.pools.map((p) => [p.currency, new Decimal(p.total)]));
  const pairs = new Map(snapshot.pairs.map((p) => [p.pair, p]));
  const table = world.exchange.ctx.allowances;
  return {
    maxLeverage: trader.tier === 'intermediate' ? INTERMEDIATE_MAX_LEVERAGE : 5,
    pairs: world.pairs,
    touch(pairId) {
      const touch = world.touches.get(pairId);
      if (touch === undefined) throw new Error(`no touch for ${pairId}`);
      return touch;
    },
    pool(currency) {
      const allowance = table.entry(currency, trader.tier)?.allowance.toFixed() ?? '0';
      return { allowance: new Decimal(allowance), used: pools.get(currency) ?? ZERO };
    },
    exposure(altname) {
      const row = pairs.get(altname);
      return {
        long: new Decimal(row?.longPositions ?? 0),
        short: new Decimal(row?.shortPositions ?? 0),
        longOrders: new Decimal(row?.longOrders ?? 0),
        shortOrders: new Decimal(row?.shortOrders ?? 0),
      };
    },
  };
}

/** Replaces the guard's positions and orders with the exchange's (OpenPositions + OpenOrders, raw). */
export async function resync(trader: Trader): Promise<void> {
  const [openPositions, openOrders] = await Promise.all([
    trader.client.openPositions(),
    trader.client.openOrders(),
  ]);
  trader.guard.reconcile({ openPositions, openOrders });
}

const TOLERANCE = new Decimal('1e-9');

async function checkDrift(world: DifferentialWorld, drifts: Drift[], step: number): Promise<void> {
  for (const trader of world.traders) {
    const found = driftOf(world, trader, step);
    if (found.length === 0) continue;
    drifts.push(...found);
    await resync(trader);
  }
}

function driftOf(world: DifferentialWorld, trader: Trader, step: number): Drift[] {
  const truth = exchangeExposure(world.exchange, trader.accountId);
  const snapshot = trader.guard.snapshot();
  const seen: [string, Decimal, Decimal][] = [];
  const guardPools = new Map(snapshot.pools.map((p) => [p.currency, new Decimal(p.total)]));
  for (const currency of new Set([...guardPools.keys(), ...truth.pools.keys()])) {
    seen.push([`pool ${currency}`, guardPools.get(currency) ?? ZERO, truth.pools.get(currency) ?? ZERO]);
  }
  const guardPositions = new Map<string, Decimal>();
  for (const row of snapshot.pairs) {
    guardPositions.set(`${row.pair}|buy`, new Decimal(row.longPositions));
    guardPositions.set(`${row.pair}|sell`, new Decimal(row.shortPositions));
  }
  for (const key of new Set([...guardPositions.keys(), ...truth.positions.keys()])) {
    seen.push([`position ${key}`, guardPositions.get(key) ?? ZERO, truth.positions.get(key) ?? ZERO]);
  }
  return seen
    .filter(([, guard, exchange]) => guard.minus(exchange).abs().gt(TOLERANCE))
    .map(([what, guard, exchange]) => ({
      step,
      tier: trader.tier,
      what,
      guard: guard.toFixed(),
      exchange: exchange.toFixed(),
    }));
}
