import type { Decimal } from '../core/decimal.js';

/**
 * JSON text the way Kraken's WebSocket v2 writes it: prices and quantities are JSON NUMBERS printed with the pair's
 * precision, trailing zeros kept (`45281.0`, `0.10000000`), which `JSON.stringify` cannot do. A {@link WireNumber}
 * holds such a number's exact text; {@link toJsonText} writes it unquoted.
 */
export class WireNumber {
  constructor(readonly text: string) {}
}

/** A decimal as a JSON number with exactly `places` decimals. */
export function wireNumber(value: Decimal, places: number): WireNumber {
  return new WireNumber(value.toFixed(places));
}

/** Serialises plain data, writing WireNumbers as raw number text; `undefined` properties are left out. */
export function toJsonText(value: unknown): string {
  if (value instanceof WireNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJsonText(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${toJsonText(item)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** RFC 3339 with microseconds, as Kraken v2 timestamps are written (`2026-01-01T00:00:00.123000Z`). */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
