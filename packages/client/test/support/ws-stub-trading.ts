/**
 * Trading methods of the Kraken v2 WebSocket stub: add_order, batch_add, amend_order, cancel_order, cancel_all,
 * batch_cancel, cancel_all_orders_after. Orders live in a map; every change is pushed on `executions`.
 */
export interface StubOrder {
  order_id: string;
  cl_ord_id?: string;
  order_userref?: number;
  symbol: string;
  side: string;
  order_type: string;
  order_qty: string;
  limit_price?: string;
}

export interface TradingReply {
  /** One response per element (cancel_order answers per order). */
  responses: Array<{ success: true; result: unknown } | { success: false; error: string }>;
  /** Execution reports to push after the responses. */
  executions: Array<Record<string, unknown>>;
}

export class StubOrderBook {
  readonly orders = new Map<string, StubOrder>();
  #next = 1;

  handle(method: string, params: Record<string, unknown>, raw: string): TradingReply | undefined {
    switch (method) {
      case 'add_order':
        return this.#add(params, raw);
      case 'batch_add':
        return this.#batchAdd(params, raw);
      case 'amend_order':
        return this.#amend(params);
      case 'cancel_order':
        return this.#cancel(params);
      case 'cancel_all':
        return this.#cancelAll();
      case 'batch_cancel': {
        const ids = [...asStrings(params.orders), ...asStrings(params.cl_ord_id)];
        const count = ids.filter((id) => this.#remove(id) !== undefined).length;
        return { responses: [{ success: true, result: { count } }], executions: [] };
      }
      case 'cancel_all_orders_after': {
        const now = new Date('2026-01-01T00:00:00Z');
        const trigger = new Date(now.getTime() + Number(params.timeout) * 1000);
        return {
          responses: [
            { success: true, result: { currentTime: now.toISOString(), triggerTime: trigger.toISOString() } },
          ],
          executions: [],
        };
      }
      default:
        return undefined;
    }
  }

  #place(order: Record<string, unknown>, symbol: string, raw: string): StubOrder | string {
    if (typeof order.order_qty !== 'number') return 'EGeneral:Invalid arguments:order_qty';
    const placed: StubOrder = {
      order_id: `OSTUB-${String(this.#next++).padStart(5, '0')}`,
      symbol,
      side: String(order.side),
      order_type: String(order.order_type),
      order_qty: rawNumber(raw, 'order_qty') ?? String(order.order_qty),
    };
    if (typeof order.cl_ord_id === 'string') placed.cl_ord_id = order.cl_ord_id;
    if (typeof order.order_userref === 'number') placed.order_userref = order.order_userref;
    if (typeof order.limit_price === 'number') placed.limit_price = String(order.limit_price);
    this.orders.set(placed.order_id, placed);
    return placed;
  }

  #add(params: Record<string, unknown>, raw: string): TradingReply {
    const placed = this.#place(params, String(params.symbol), raw);
    if (typeof placed === 'string') return { responses: [{ success: false, error: placed }], executions: [] };
    return { responses: [{ success: true, result: idsOf(placed) }], executions: [report(placed, 'new')] };
  }

  #batchAdd(params: Record<string, unknown>, raw: string): TradingReply {
    const orders = Array.isArray(params.orders) ? (params.orders as Array<Record<string, unknown>>) : [];
    const placed = orders.map((order) => this.#place(order, String(params.symbol), raw));
    const failed = placed.find((item): item is string => typeof item === 'string');
    if (failed !== undefined) return { responses: [{ success: false, error: failed }], executions: [] };
    const ok = placed as StubOrder[];
    return {
      responses: [{ success: true, result: ok.map(idsOf) }],
      executions: ok.map((o) => report(o, 'new')),
    };
  }

  #amend(params: Record<string, unknown>): TradingReply {
    const order = this.#find(String(params.order_id ?? params.cl_ord_id));
    if (order === undefined)
      return { responses: [{ success: false, error: 'EOrder:Unknown order' }], executions: [] };
    if (typeof params.order_qty === 'number') order.order_qty = String(params.order_qty);
    if (typeof params.limit_price === 'number') order.limit_price = String(params.limit_price);
    return {
      responses: [{ success: true, result: { amend_id: `A-${order.order_id}`, ...idsOf(order) } }],
      executions: [report(order, 'amended')],
    };
  }

  #cancel(params: Record<string, unknown>): TradingReply {
    const ids = [...asStrings(params.order_id), ...asStrings(params.cl_ord_id)];
    const reply: TradingReply = { responses: [], executions: [] };
    for (const id of ids) {
      const order = this.#remove(id);
      if (order === undefined) reply.responses.push({ success: false, error: 'EOrder:Unknown order' });
      else {
        reply.responses.push({ success: true, result: idsOf(order) });
        reply.executions.push(report(order, 'canceled'));
      }
    }
    return reply;
  }

  #cancelAll(): TradingReply {
    const all = [...this.orders.values()];
    this.orders.clear();
    return {
      responses: [{ success: true, result: { count: all.length } }],
      executions: all.map((o) => report(o, 'canceled')),
    };
  }

  #find(id: string): StubOrder | undefined {
    return this.orders.get(id) ?? [...this.orders.values()].find((order) => order.cl_ord_id === id);
  }

  #remove(id: string): StubOrder | undefined {
    const order = this.#find(id);
    if (order !== undefined) this.orders.delete(order.order_id);
    return order;
  }
}

function idsOf(order: StubOrder): Record<string, unknown> {
  return {
    order_id: order.order_id,
    ...(order.cl_ord_id === undefined ? {} : { cl_ord_id: order.cl_ord_id }),
    ...(order.order_userref === undefined ? {} : { order_userref: order.order_userref }),
  };
}

/** An executions report as JSON text parts; order_qty is written from its exact wire text. */
export function report(order: StubOrder, execType: string): Record<string, unknown> {
  return {
    exec_type: execType,
    order_status: execType === 'canceled' ? 'canceled' : 'new',
    ...idsOf(order),
    symbol: order.symbol,
    side: order.side,
    order_type: order.order_type,
    order_qty: order.order_qty,
    timestamp: '2026-01-01T00:00:00.000000Z',
  };
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** The exact text of the first `"key":<number>` in a frame (to see what the client really sent). */
export function rawNumber(raw: string, key: string): string | undefined {
  return new RegExp(`"${key}":(-?[0-9.eE+-]+)`).exec(raw)?.[1];
}
