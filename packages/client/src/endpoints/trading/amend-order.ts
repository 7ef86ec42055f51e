import { type DecimalInput, type PriceInput, toWireDecimal } from '@krakenkit/core';
import { price, toBool, toClOrdId, toDeadline, toId, toPair, WireBuilder } from '@krakenkit/core/params';
import { ValidationError } from '../../errors/index.js';
import { PERMISSIONS } from '../../keys/permissions.js';
import { defineEndpoint } from '../define.js';
import { amendOrderResultNeeds } from './result-needs.js';

/** AmendOrder params: which order (`txid` or `cl_ord_id`) and at least one new value. */
export interface AmendOrderParams {
  txid?: string;
  cl_ord_id?: string;
  /** New base quantity; if below the filled quantity the remainder is cancelled. */
  order_qty?: DecimalInput;
  /** Iceberg visible quantity (at least 1/15 of the remaining quantity). */
  display_qty?: DecimalInput;
  /** New limit price: absolute, or a `+`/`-` offset with optional `%`. */
  limit_price?: PriceInput;
  /** New trigger price: absolute, or a `+`/`-` offset with optional `%`. */
  trigger_price?: PriceInput;
  /** Needed only for non-crypto (xStocks) pairs. */
  pair?: string;
  /** Refuse a limit-price change that would not rest passively. */
  post_only?: boolean;
  deadline?: string | Date;
}

/** AmendOrder `result`: the id of the amend. */
export interface AmendOrderResult {
  amend_id: string;
}

const CHANGES = ['order_qty', 'display_qty', 'limit_price', 'trigger_price'] as const;

/**
 * `POST /0/private/AmendOrder`: change an order in place (ids kept, queue priority kept where possible).
 * Preferred over EditOrder. Either of two permissions allows it (docs/kraken/api-keys.md).
 */
export const AmendOrder = defineEndpoint<AmendOrderParams, AmendOrderResult>({
  name: 'AmendOrder',
  access: 'private',
  permissions: [PERMISSIONS.trades_modify, PERMISSIONS.trades_close],
  rate: { kind: 'trading', action: 'amend' },
  encoding: 'form',
  idempotent: false,
  resultNeeds: amendOrderResultNeeds,
  toWire(params) {
    const w = new WireBuilder('AmendOrder', params, [
      'txid',
      'cl_ord_id',
      ...CHANGES,
      'pair',
      'post_only',
      'deadline',
    ]);
    w.exactlyOne('txid', 'cl_ord_id');
    w.optional('txid', toId);
    w.optional('cl_ord_id', toClOrdId);
    if (!CHANGES.some((name) => w.has(name))) {
      throw new ValidationError(
        w.field(CHANGES.join('|')),
        undefined,
        `at least one of ${CHANGES.join(', ')}`,
      );
    }
    w.optional('order_qty', (f, v) => toWireDecimal(f, v, { allowZero: true }));
    w.optional('display_qty', (f, v) => toWireDecimal(f, v));
    w.optional('limit_price', price('signed-relative'));
    w.optional('trigger_price', price('signed-relative'));
    w.optional('pair', toPair);
    w.optional('post_only', toBool);
    w.optional('deadline', toDeadline);
    return w.done();
  },
});
