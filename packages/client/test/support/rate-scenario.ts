import type { TradingAction } from '../../src/endpoints/define.js';
import {
  createRateLimiter,
  type KrakenRateLimiter,
  type RateLimiterOptions,
} from '../../src/rate-limit/limiter.js';
import { resolveTierLimits } from '../../src/rate-limit/tiers.js';
import { PRIORITY, type RateTicket } from '../../src/rate-limit/types.js';
import { KrakenRateModel, type ModelAnswer, type ModelCall } from './kraken-rate-model.js';
import { VirtualClock } from './virtual-clock.js';

/** One call offered to the limiter at virtual time `at` (ms after the start). */
export interface OfferedCall {
  at: number;
  kind: 'query1' | 'query4' | 'add' | 'batch-add' | 'amend' | 'edit' | 'cancel' | 'batch-cancel';
  pair: string;
  /** Picks among the orders open at offer time (amend, edit, cancel). */
  pick: number;
  /** Orders in a batch. */
  size: number;
}

export interface ScenarioResult {
  model: KrakenRateModel;
  limiter: KrakenRateLimiter;
  clock: VirtualClock;
  start: number;
  /** Every answer the model gave to a call the limiter let through. */
  answers: Array<{ call: ModelCall; answer: ModelAnswer; at: number }>;
  /** Calls the limiter refused (fail-fast, open-orders limit) or that were still waiting at the horizon. */
  held: number;
  errors: unknown[];
  /** Moments a counter of the limiter stood below Kraken's (checked after every call): the model must never lead. */
  undercounts: Array<{ at: number; counter: string; limiter: number; kraken: number }>;
}

const RATE_ERRORS = [
  'EAPI:Rate limit exceeded',
  'EOrder:Rate limit exceeded',
  'EOrder:Orders limit exceeded',
];

export function isRateRejection(answer: ModelAnswer): boolean {
  return !answer.ok && RATE_ERRORS.includes(answer.error);
}

/**
 * Offers `calls` to a limiter on virtual time; whatever it lets through reaches the reference model at that
 * instant, and the model's answer is fed back through `observe`. Calls still waiting at `horizonMs` are aborted.
 */
export async function runScenario(
  calls: readonly OfferedCall[],
  options: Omit<RateLimiterOptions, 'now' | 'sleep'>,
  horizonMs: number,
): Promise<ScenarioResult> {
  const clock = new VirtualClock();
  const start = clock.now();
  const limiter = createRateLimiter({ ...options, now: clock.now, sleep: clock.sleep });
  const limits = resolveTierLimits(options.tier, options.limits);
  const model = new KrakenRateModel(limits, limiter.historyCost);
  const result: ScenarioResult = {
    model,
    limiter,
    clock,
    start,
    answers: [],
    held: 0,
    errors: [],
    undercounts: [],
  };
  const live = new Map<string, string>();
  let nextId = 0;
  const newId = () => `O${nextId++}`;
  // One controller per call: Node's EventTarget makes adding listeners to one shared signal O(n).
  const controllers: AbortController[] = [];
  const pending: Array<Promise<void>> = [];

  for (const offered of calls) {
    clock.at(start + offered.at, () => {
      const { call, ticket } = buildCall(offered, live, newId, limiter.historyCost);
      const controller = new AbortController();
      controllers.push(controller);
      const sent = limiter.run(
        ticket,
        async () => {
          const answer = model.submit(call, clock.now());
          result.answers.push({ call, answer, at: clock.now() - start });
          checkNotBehind(result);
          return answer;
        },
        controller.signal,
      );
      pending.push(
        sent.then(
          (answer) => {
            applyToLive(live, answer);
            limiter.observe(
              ticket,
              answer.ok
                ? { ok: true, created: answer.created, closed: answer.closed }
                : { ok: false, errorCode: answer.error },
            );
          },
          (error: unknown) => {
            result.held += 1;
            if (!isExpectedRefusal(error)) result.errors.push(error);
          },
        ),
      );
    });
  }
  await clock.runUntil(start + horizonMs);
  for (const controller of controllers) controller.abort(new Error('horizon'));
  await clock.settle();
  await Promise.all(pending);
  return result;
}

function checkNotBehind(result: ScenarioResult): void {
  const now = result.clock.now();
  const budget = result.limiter.budget();
  const at = now - result.start;
  const kraken = result.model.restValue(now);
  if (budget.rest.counter < kraken - 1e-6)
    result.undercounts.push({ at, counter: 'rest', limiter: budget.rest.counter, kraken });
  for (const pair of result.model.pairs()) {
    const limiter = budget.trading[pair]?.counter ?? 0;
    const value = result.model.pairValue(pair, now);
    if (limiter < value - 1e-6) result.undercounts.push({ at, counter: pair, limiter, kraken: value });
  }
}

function isExpectedRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.message === 'horizon' || error.name === 'RateLimitError' || error.name === 'OpenOrdersLimitError'
  );
}

/** The orders the caller believes open (id → pair), from the answers it got. */
function applyToLive(live: Map<string, string>, answer: ModelAnswer): void {
  if (!answer.ok) return;
  for (const id of answer.closed) live.delete(id);
  for (const order of answer.created) live.set(order.id, order.pair);
}

function trading(endpoint: string, action: TradingAction, extra: Partial<RateTicket>): RateTicket {
  const priority = action === 'cancel' || action === 'batch-cancel' ? PRIORITY.cancel : PRIORITY.order;
  return { endpoint, rate: { kind: 'trading', action }, priority, ...extra };
}

function buildCall(
  offered: OfferedCall,
  liveOrders: ReadonlyMap<string, string>,
  newId: () => string,
  historyCost: number,
) {
  const needsOrder = ['amend', 'edit', 'cancel', 'batch-cancel'].includes(offered.kind);
  // Listing the open orders costs O(n): only for the calls that pick one.
  const live = needsOrder ? [...liveOrders.keys()] : [];
  const picked = live.length === 0 ? undefined : live[offered.pick % live.length];
  const kind = picked === undefined && needsOrder ? 'add' : offered.kind;
  const { pair, size } = offered;
  switch (kind) {
    case 'query1':
    case 'query4': {
      const history = kind === 'query4';
      const ticket: RateTicket = {
        endpoint: history ? 'Ledgers' : 'Balance',
        rate: { kind: 'rest', cost: history ? 'history' : 1 },
        priority: PRIORITY.query,
      };
      return { call: { kind: 'query', cost: history ? historyCost : 1 } as ModelCall, ticket };
    }
    case 'add': {
      const id = newId();
      return { call: { kind: 'add', pair, id } as ModelCall, ticket: trading('AddOrder', 'add', { pair }) };
    }
    case 'batch-add': {
      const ids = Array.from({ length: size }, newId);
      return {
        call: { kind: 'batch-add', pair, ids } as ModelCall,
        ticket: trading('AddOrderBatch', 'batch-add', { pair, count: size }),
      };
    }
    case 'amend':
      return {
        call: { kind: 'amend', id: picked! } as ModelCall,
        ticket: trading('AmendOrder', 'amend', { orderIds: [picked!] }),
      };
    case 'edit': {
      const call: ModelCall = { kind: 'edit', id: picked!, newId: newId() };
      // EditOrder names the pair; AmendOrder and the cancels do not (the limiter finds it in its registry).
      return {
        call,
        ticket: trading('EditOrder', 'edit', { orderIds: [picked!], pair: liveOrders.get(picked!)! }),
      };
    }
    case 'cancel':
      return {
        call: { kind: 'cancel', id: picked! } as ModelCall,
        ticket: trading('CancelOrder', 'cancel', { orderIds: [picked!] }),
      };
    case 'batch-cancel': {
      const ids = [
        ...new Set(Array.from({ length: size }, (_, index) => live[(offered.pick + index) % live.length]!)),
      ];
      return {
        call: { kind: 'batch-cancel', ids } as ModelCall,
        ticket: trading('CancelOrderBatch', 'batch-cancel', { orderIds: ids, count: ids.length }),
      };
    }
  }
}
