/**
 * CCXT's `kraken` as shipped: `createOrder` then `cancelOrder`, with its default throttle (AddOrder and CancelOrder
 * cost 0 in its Kraken table, so it never holds them). A refused cancel is tried again until it goes or the window
 * ends, as a bot must pull the order it placed. Its errors are counted, never fatal. Markets are loaded before the
 * window, as a long-running bot would have them.
 */
import ccxt from 'ccxt';
import { SECRET } from '../rest-contestants.js';
import { CYCLE_ORDER, type CycleTrader, finished, tradeReport } from './trader.js';

const isRateLimit = (error: unknown) =>
  error instanceof Error && error.message.includes('Rate limit exceeded');

export function ccxtTrader(origin: string, apiKey: string): CycleTrader {
  const exchange = new ccxt.kraken({ apiKey, secret: SECRET });
  exchange.urls['api'] = { public: origin, private: origin };
  const price = Number(CYCLE_ORDER.price);
  const volume = Number(CYCLE_ORDER.volume);
  return {
    async prepare() {
      await exchange.loadMarkets();
      // Loading markets spent CCXT's throttle tokens; start from a rested throttle.
      await exchange.throttle(0);
    },
    async trade(deadline) {
      const report = tradeReport();
      while (Date.now() < deadline) {
        let id: string | undefined;
        try {
          id = (await exchange.createOrder('BTC/USD', 'limit', 'buy', volume, price)).id;
        } catch (error) {
          report.fail(error, isRateLimit(error));
        }
        if (id === undefined) continue;
        while (Date.now() < deadline) {
          try {
            await exchange.cancelOrder(id, 'BTC/USD');
            report.cycles += 1;
            break;
          } catch (error) {
            report.fail(error, isRateLimit(error));
          }
        }
      }
      return finished(report);
    },
    close: () => exchange.close(),
  };
}
