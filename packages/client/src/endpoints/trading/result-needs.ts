/**
 * What the order-placing endpoints must answer on success. Kraken always returns these fields for an accepted
 * call; an answer without them says nothing about the order's fate, so the client treats it as an unknown outcome
 * and reconciles by client order id instead of reporting a success it cannot show.
 */

/** `validate: true` asks Kraken to check an order without placing it: no txid comes back then. */
function validateOnly(wire: Record<string, unknown>): boolean {
  return wire['validate'] === true || wire['validate'] === 'true';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIdList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((id) => typeof id === 'string' && id !== '');
}

/** AddOrder: a `descr`, and at least one txid unless the order was only validated. */
export function addOrderResultNeeds(result: unknown, wire: Record<string, unknown>): string | undefined {
  if (!isObject(result)) return 'its result is not an object';
  if (!isObject(result['descr'])) return 'it has no order description (descr)';
  if (!validateOnly(wire) && !isIdList(result['txid'])) return 'it has no txid';
  return undefined;
}

/** AddOrderBatch: one entry per order sent, each placed (txid) or refused (error), unless only validated. */
export function addOrderBatchResultNeeds(result: unknown, wire: Record<string, unknown>): string | undefined {
  if (!isObject(result) || !Array.isArray(result['orders'])) return 'it has no orders list';
  if (validateOnly(wire)) return undefined;
  const sent = Array.isArray(wire['orders']) ? wire['orders'].length : undefined;
  const orders = result['orders'] as unknown[];
  if (sent !== undefined && orders.length !== sent)
    return `it lists ${orders.length} orders for ${sent} sent`;
  const unaccounted = orders.findIndex(
    (entry) => !isObject(entry) || (typeof entry['txid'] !== 'string' && typeof entry['error'] !== 'string'),
  );
  return unaccounted === -1 ? undefined : `order ${unaccounted} has neither a txid nor an error`;
}

/** AmendOrder: the id of the amendment. */
export function amendOrderResultNeeds(result: unknown): string | undefined {
  return isObject(result) && typeof result['amend_id'] === 'string' && result['amend_id'] !== ''
    ? undefined
    : 'it has no amend_id';
}
