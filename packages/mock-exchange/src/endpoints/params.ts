import { isPlain } from '../config/readers.js';
import { type Decimal, parseDecimalText } from '../core/decimal.js';
import { invalidArgument } from '../core/rejection.js';

/**
 * Typed access to request parameters from a form body (all strings), a JSON body (strings, numbers, booleans,
 * arrays, objects) or a query string. A missing or malformed value is `EGeneral:Invalid arguments:<name>`.
 */
export class Params {
  constructor(readonly raw: Readonly<Record<string, unknown>>) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== '';
  }

  text(name: string): string {
    const value = this.optText(name);
    if (value === undefined) throw invalidArgument(name, 'required');
    return value;
  }

  optText(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'boolean') return String(value);
    throw invalidArgument(name);
  }

  decimal(name: string): Decimal {
    const value = this.optDecimal(name);
    if (value === undefined) throw invalidArgument(name, 'required');
    return value;
  }

  /** Unsigned decimal text (or a JSON number, converted through its shortest text form). */
  optDecimal(name: string): Decimal | undefined {
    const text = this.optText(name);
    if (text === undefined) return undefined;
    const value = parseDecimalText(text);
    if (value === undefined) throw invalidArgument(name, `not a decimal: ${text}`);
    return value;
  }

  bool(name: string, fallback = false): boolean {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return fallback;
    if (value === true || value === 'true' || value === 1 || value === '1') return true;
    if (value === false || value === 'false' || value === 0 || value === '0') return false;
    throw invalidArgument(name);
  }

  optInt(name: string, range?: { min: number; max: number }): number | undefined {
    const text = this.optText(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw invalidArgument(name);
    const value = Number(text);
    if (!Number.isSafeInteger(value) || (range && (value < range.min || value > range.max)))
      throw invalidArgument(name);
    return value;
  }

  /** A comma-delimited string or a JSON array of strings/numbers. */
  list(name: string): string[] {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return [];
    if (Array.isArray(value)) {
      return value.map((item) => {
        if (typeof item === 'string' || typeof item === 'number') return String(item);
        throw invalidArgument(name);
      });
    }
    return (this.optText(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** A nested object (`close[ordertype]` in forms, `close: {...}` in JSON). */
  optObject(name: string): Params | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (!isPlain(value)) throw invalidArgument(name);
    return new Params(value);
  }

  /** A JSON array of objects (AddOrderBatch `orders`). */
  objects(name: string): Params[] {
    const value = this.raw[name];
    if (!Array.isArray(value)) throw invalidArgument(name, 'expected a list');
    return value.map((item) => {
      if (!isPlain(item)) throw invalidArgument(name);
      return new Params(item);
    });
  }
}
