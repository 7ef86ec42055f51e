import type { LedgerEvent, MarketEvent, OrderEvent } from '../context.js';
import type { Pair } from '../market/pairs.js';
import { bookMessage } from './book-message.js';
import type { WsConnection } from './connection.js';
import type { WsFaults } from './faults.js';
import type { WsHub } from './hub.js';
import { candleRecords, tickerRecord, tradeRecord } from './market-payloads.js';
import { executionRecord, ledgerRecord, withRateCount } from './private-payloads.js';
import { wantsRateCount } from './private-subscriptions.js';

/**
 * Turns the exchange's events into channel pushes: market moves → ticker, trade, ohlc and (coalesced) book
 * updates; order events → executions of the order's account; ledger entries → balances. Book updates are
 * computed once per pair and depth after the burst of events of one clock advance (a microtask later); the diff
 * and its text are computed once per book a subscriber holds (usually one for all), so fan-out is a send each.
 */
export class WsFeeds {
  readonly #hub: WsHub;
  readonly #connections: () => Iterable<WsConnection>;
  readonly #faults: WsFaults;
  readonly #dirty = new Map<string, Pair>();
  #flushQueued = false;
  #stopped = false;

  constructor(hub: WsHub, connections: () => Iterable<WsConnection>, faults: WsFaults) {
    this.#hub = hub;
    this.#connections = connections;
    this.#faults = faults;
  }

  /** Listens to the exchange; returns the function that stops listening. */
  start(): () => void {
    const { events } = this.#hub.ctx;
    const off = [
      events.on('market', (event) => this.#market(event)),
      events.on('order', (event) => this.#order(event)),
      events.on('ledger', (event) => this.#ledger(event)),
    ];
    return () => {
      this.#stopped = true;
      for (const stop of off) stop();
    };
  }

  #market(event: MarketEvent): void {
    const { pair, trade } = event;
    const hub = this.#hub;
    // Records are computed once per event, not once per subscriber.
    let ticker: Record<string, unknown> | undefined;
    let traded: Record<string, unknown> | undefined;
    const candlesByInterval = new Map<number, Array<Record<string, unknown>>>();
    for (const connection of this.#connections()) {
      const tickerSymbol = connection.tickers.get(pair.id);
      if (tickerSymbol !== undefined) {
        ticker ??= tickerRecord(hub.ctx, pair, event.time);
        hub.push(connection, 'ticker', 'update', [{ ...ticker, symbol: tickerSymbol }]);
      }
      const tradeSymbol = connection.trades.get(pair.id);
      if (trade !== undefined && tradeSymbol !== undefined) {
        traded ??= tradeRecord(hub.ctx, pair, trade);
        hub.push(connection, 'trade', 'update', [{ ...traded, symbol: tradeSymbol }]);
      }
      if (trade === undefined) continue;
      for (const sub of connection.candles.values()) {
        if (sub.pairId !== pair.id) continue;
        let candles = candlesByInterval.get(sub.interval);
        if (candles === undefined) {
          candles = candleRecords(hub.ctx, pair, sub.interval, event.time, true);
          candlesByInterval.set(sub.interval, candles);
        }
        hub.push(
          connection,
          'ohlc',
          'update',
          candles.map((candle) => ({ ...candle, symbol: sub.symbol })),
        );
      }
    }
    this.#markBook(pair);
  }

  #order(event: OrderEvent): void {
    const { ctx } = this.#hub;
    const record = executionRecord(ctx, event);
    const account = ctx.accounts.get(event.accountId);
    // Built once, for the connections subscribed with `ratecounter: true`.
    let counted: Record<string, unknown> | undefined;
    for (const connection of this.#connections()) {
      if (connection.executions?.accountId !== event.accountId) continue;
      connection.executionsSequence += 1;
      let sent = record;
      if (account !== undefined && wantsRateCount(connection)) {
        counted ??= withRateCount(ctx, account, event.order, record, event.time);
        sent = counted;
      }
      this.#hub.push(connection, 'executions', 'update', [sent], {
        sequence: connection.executionsSequence,
      });
    }
    // A resting limit order is part of the public book.
    this.#markBook(event.order.pair);
  }

  #ledger(event: LedgerEvent): void {
    const record = ledgerRecord(this.#hub.ctx, event.entry);
    for (const connection of this.#connections()) {
      if (connection.balances?.accountId !== event.accountId) continue;
      connection.balancesSequence += 1;
      this.#hub.push(connection, 'balances', 'update', [record], { sequence: connection.balancesSequence });
    }
  }

  #markBook(pair: Pair): void {
    this.#hub.books.invalidate(pair);
    this.#dirty.set(pair.id, pair);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => this.flushBooks());
  }

  /** Sends every subscriber of a changed book the levels that changed in its view. */
  flushBooks(): void {
    this.#flushQueued = false;
    const pairs = [...this.#dirty.values()];
    this.#dirty.clear();
    if (this.#stopped) return;
    for (const pair of pairs) this.#flushPair(pair);
  }

  #flushPair(pair: Pair): void {
    const time = this.#hub.now();
    let corrupt: boolean | undefined;
    for (const connection of this.#connections()) {
      const sub = connection.books.get(pair.id);
      if (sub === undefined || !connection.isOpen) continue;
      const shared = this.#hub.books.get(pair, sub.view.depth);
      const basis = sub.view.basis;
      const changes = shared.changesFrom(basis);
      if (changes === undefined) continue;
      sub.view.moveTo(shared.book);
      // A corrupted-checksum fault strikes every subscriber of this round once, then is spent; its text is the
      // subscriber's own, so the shared text stays right.
      corrupt ??= this.#faults.takeCorruption(pair.id);
      const text = corrupt
        ? bookMessage(
            'update',
            sub.symbol,
            { ...changes, checksum: (changes.checksum ^ 0x5a5a5a5a) >>> 0 },
            time,
          )
        : shared.updateText(basis, sub.symbol, time);
      if (text !== undefined) connection.send(text);
    }
  }
}
