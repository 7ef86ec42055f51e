import { Decimal, type ValidatedOrderBatch, type ValidatedOrderFields } from '@krakenkit/core';
import { plainTextOf, sortKeys } from '@krakenkit/core/params';

/**
 * A validated order as AddOrder wire params: its fields in alphabetical order (parseOrder already sorted them),
 * money as plain decimal text (`toFixed()`, written by plainTextOf), flags comma-joined, leverage as its digits.
 * Nothing is checked again: parseOrder did every check once, and a ValidatedOrder cannot be changed after it.
 */
export function orderWire(order: ValidatedOrderFields, withPair = true): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const key in order) {
    if (key === 'pair' && !withPair) continue;
    const value = order[key as keyof ValidatedOrderFields];
    wire[key] = key === 'leverage' ? String(value) : wireValue(value);
  }
  return wire;
}

/** A validated batch as AddOrderBatch wire params: the orders without their (shared) pair. */
export function batchWire(batch: ValidatedOrderBatch): Record<string, unknown> {
  return sortKeys({
    pair: batch.pair,
    orders: batch.orders.map((order) => orderWire(order, false)),
    ...(batch.deadline === undefined ? {} : { deadline: batch.deadline }),
    ...(batch.validate === undefined ? {} : { validate: batch.validate }),
    ...(batch.asset_class === undefined ? {} : { asset_class: batch.asset_class }),
  });
}

function wireValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.join(',');
  if (Decimal.isDecimal(value)) return plainTextOf(value as Decimal);
  // The conditional close: a nested object whose prices are Decimals or offset text.
  const nested: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) nested[key] = wireValue(item);
  return nested;
}
