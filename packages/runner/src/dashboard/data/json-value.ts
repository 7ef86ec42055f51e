/**
 * A plain JSON copy of a value (Decimals become their text through their toJSON): what the API sends is exactly
 * what JSON.stringify makes of it, never a live object of the session.
 */
export function jsonValue<T>(value: T): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
