import { describe, expect, it } from 'vitest';
import type { RateTicket } from '../src/rate-limit/types.js';
import { addedOutcome } from '../src/ws/rate-tickets.js';

// The limiter keeps each order's age by its ids (a cancel's cost depends on it). batch_add's results line up with
// the orders sent only when every order was placed; after a partial batch the n-th result may be another order's,
// so an order id must not be paired with the client id of the order sent in its place.

const ticket: RateTicket = {
  endpoint: 'ws:batch_add',
  rate: { kind: 'trading', action: 'batch-add' },
  priority: 0,
  pair: 'XBTUSD',
  count: 2,
};
const wire = { orders: [{ cl_ord_id: 'first' }, { cl_ord_id: 'second' }] };

describe('what a batch_add tells the limiter', () => {
  it('pairs each result with the order sent in its place when every order was placed', () => {
    expect(addedOutcome(ticket, wire, [{ order_id: 'OA' }, { order_id: 'OB' }])).toEqual({
      ok: true,
      created: [
        { id: 'OA', clOrdId: 'first', pair: 'XBTUSD' },
        { id: 'OB', clOrdId: 'second', pair: 'XBTUSD' },
      ],
    });
  });

  it('after a partial batch, names a result by its own client id only', () => {
    // The first order was refused on its own; the one result is the second order's, without its cl_ord_id.
    expect(addedOutcome(ticket, wire, [{ order_id: 'OB' }])).toEqual({
      ok: true,
      created: [{ id: 'OB', pair: 'XBTUSD' }],
    });
    expect(addedOutcome(ticket, wire, [{ order_id: 'OB', cl_ord_id: 'second' }])).toEqual({
      ok: true,
      created: [{ id: 'OB', clOrdId: 'second', pair: 'XBTUSD' }],
    });
  });
});
