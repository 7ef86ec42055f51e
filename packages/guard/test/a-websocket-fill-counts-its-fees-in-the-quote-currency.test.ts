import type { ExecutionReport } from '@krakenkit/client/ws';
import { guardEventsOf } from '@krakenkit/guard/ws';
import { describe, expect, it } from 'vitest';

// The executions feed reports each fill's fees; the guard's PnL (and the daily-loss and drawdown limits it feeds)
// counts fees in the pair's quote currency. A fill reported without them made every WebSocket-traded bot look
// better than it was.

const FILL: ExecutionReport = {
  exec_type: 'trade',
  order_id: 'O-1',
  symbol: 'BTC/USD',
  exec_id: 'TEXEC1-AAAAA-BBBBBB',
  last_qty: '0.5',
  last_price: '60000',
};

function feeOf(report: ExecutionReport): unknown {
  const [event] = guardEventsOf(report);
  expect(event?.type).toBe('order-filled');
  return event !== undefined && 'fee' in event ? event.fee : undefined;
}

describe('a WebSocket fill', () => {
  it('carries its fee in the quote currency as reported', () => {
    expect(feeOf({ ...FILL, fees: [{ asset: 'USD', qty: '7.8' }] })).toBe('7.8');
  });

  it('carries a fee taken in the base currency at the fill price', () => {
    // 0.0001 BTC at 60,000 = 6 USD.
    expect(feeOf({ ...FILL, fees: [{ asset: 'BTC', qty: '0.0001' }] })).toBe('6');
  });

  it('adds several fees, and leaves out one in a currency it cannot price, or a rebate', () => {
    expect(
      feeOf({
        ...FILL,
        fees: [
          { asset: 'USD', qty: '1.5' },
          { asset: 'BTC', qty: '0.0001' },
          { asset: 'KFEE', qty: '100' },
        ],
      }),
    ).toBe('7.5');
    expect(feeOf({ ...FILL, fees: [{ asset: 'USD', qty: '-0.5' }] })).toBeUndefined();
    expect(feeOf({ ...FILL })).toBeUndefined();
  });
});
