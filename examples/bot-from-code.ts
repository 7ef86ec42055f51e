/**
 * A bot built in code: your own strategy (the runner's Strategy interface: synchronous callbacks that return
 * actions, no client in sight), registered under a name, configured like any YAML bot, and run by the runner
 * on the embedded mock exchange with every order through the guard.
 *
 *   node --conditions=@krakenkit/source --import tsx examples/bot-from-code.ts
 */
import { pathToFileURL } from 'node:url';
import {
  defineBotConfig,
  type Fill,
  type MarketTick,
  type SessionSummary,
  type Strategy,
  type StrategyAction,
  type StrategyDefinition,
  type StrategyView,
  shiftBps,
  startSession,
  toLot,
  toTick,
} from '@krakenkit/runner';
import { renderSummary } from '@krakenkit/runner/cli';
import { Decimal } from 'decimal.js';

interface PingPongParams {
  /** Base volume per order (decimal string). */
  volume: string;
  /** Buy this far below the bid, sell this far above the buy price (basis points). */
  edgeBps: number;
}

/**
 * Ping-pong: rest a buy a little under the bid; when it fills, rest a sell a little above the price paid; when
 * that fills, start again.
 */
class PingPong implements Strategy {
  #round = 0;

  constructor(private readonly params: PingPongParams) {}

  onTick(tick: MarketTick, view: StrategyView): StrategyAction[] {
    if (view.orders.size > 0) return [];
    this.#round += 1;
    const price = toTick(tick.pair, shiftBps(tick.bid, -this.params.edgeBps), 'buy');
    const volume = toLot(tick.pair, new Decimal(this.params.volume));
    return [
      {
        type: 'place',
        order: { tag: `buy${this.#round}`, pair: tick.pair.id, side: 'buy', type: 'limit', volume, price },
      },
    ];
  }

  onFill(fill: Fill): StrategyAction[] {
    if (fill.side !== 'buy' || !fill.complete) return [];
    const price = toTick(fill.pair, shiftBps(fill.price, this.params.edgeBps), 'sell');
    return [
      {
        type: 'place',
        order: {
          tag: `sell${this.#round}`,
          pair: fill.pair.id,
          side: 'sell',
          type: 'limit',
          volume: fill.volume,
          price,
        },
      },
    ];
  }
}

/** The strategy under a name bots can use; params are checked like any YAML bot's (here without zod). */
const pingPong: StrategyDefinition<PingPongParams> = {
  name: 'ping-pong',
  summary: 'buy under the bid, sell above the price paid',
  params: {
    safeParse(value) {
      const { volume, edgeBps } = (value ?? {}) as Partial<PingPongParams>;
      if (
        typeof volume === 'string' &&
        /^\d+(\.\d+)?$/.test(volume) &&
        typeof edgeBps === 'number' &&
        edgeBps > 0
      )
        return { success: true, data: { volume, edgeBps } };
      return {
        success: false,
        error: {
          issues: [{ path: [], message: 'expected { volume: "<decimal>", edgeBps: <number above 0> }' }],
        },
      };
    },
  },
  create: ({ params }) => new PingPong(params),
};

/** Runs the bot until `durationMs` has passed (10 s by default) or `signal` aborts, and returns its summary. */
export async function main(
  options: { durationMs?: number; signal?: AbortSignal; log?: (text: string) => void } = {},
): Promise<SessionSummary> {
  const log = options.log ?? console.log;
  const config = defineBotConfig(
    {
      exchange: { kind: 'mock', seed: 'krakenkit' },
      account: { tier: 'intermediate', balances: { ZUSD: '20000', XXBT: '0.5' } },
      keys: {
        paper: {
          permissions: [
            'funds_query',
            'trades_query_open',
            'trades_query_closed',
            'trades_modify',
            'trades_close',
          ],
          ipAllowlist: ['203.0.113.10/32'],
        },
      },
      run: { pollInterval: '500ms' },
      bots: [
        {
          name: 'ping-pong',
          key: 'paper',
          strategy: 'ping-pong',
          pairs: ['BTC/USD'],
          params: { volume: '0.002', edgeBps: 1 },
        },
      ],
    },
    { name: 'bot-from-code', strategies: { 'ping-pong': pingPong } },
  );
  const session = await startSession(config, {
    durationMs: options.durationMs ?? 10_000,
    onEvent: (event) => {
      if (event.type === 'placed' || event.type === 'fill' || event.type === 'guard-rejected')
        log(`${event.type}: ${event.bot}`);
    },
  });
  options.signal?.addEventListener('abort', () => void session.stop(), { once: true });
  const summary = await session.finished;
  log(renderSummary(summary, 'bot-from-code'));
  return summary;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
