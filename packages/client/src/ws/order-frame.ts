import type { ValidatedWsOrder, ValidatedWsOrderBatch } from '@krakenkit/core';

/**
 * Validated WebSocket orders as request params. Nothing is checked again: core's parseWsOrder did every check
 * once, and a ValidatedWsOrder cannot change after it. Its keys are already in order and its money is Decimals,
 * which the frame encoder writes as bare JSON numbers from their plain decimal text.
 */

/** `add_order` params: the validated order itself (the token is added at send time). */
export function addOrderFrame(order: ValidatedWsOrder): Readonly<Record<string, unknown>> {
  return order as unknown as Readonly<Record<string, unknown>>;
}

/** `batch_add` params: the batch's symbol and options, and its orders without their (shared) symbol. */
export function batchAddFrame(batch: ValidatedWsOrderBatch): Readonly<Record<string, unknown>> {
  const orders = batch.orders.map(withoutSymbol);
  // Keys in code-point order, as every other request's.
  return {
    ...(batch.deadline === undefined ? {} : { deadline: batch.deadline }),
    orders,
    symbol: batch.symbol,
    ...(batch.validate === undefined ? {} : { validate: batch.validate }),
  };
}

function withoutSymbol(order: ValidatedWsOrder): Readonly<Record<string, unknown>> {
  const { symbol: _symbol, ...fields } = order;
  return fields;
}
