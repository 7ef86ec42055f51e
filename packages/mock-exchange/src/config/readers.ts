import { parseDecimalText } from '../core/decimal.js';
import { MockConfigError } from './config-error.js';

/**
 * Tiny typed readers over parsed YAML/JSON: each takes the value and its path, returns the typed value or throws
 * a {@link MockConfigError} naming the path. (zod is not a dependency of this package.)
 */
export type Plain = Record<string, unknown>;

export function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, path: string): Plain {
  if (!isPlain(value)) throw new MockConfigError(path, `expected a mapping, got ${describe(value)}`);
  return value;
}

export function optionalRecord(value: unknown, path: string): Plain | undefined {
  return value === undefined || value === null ? undefined : record(value, path);
}

export function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new MockConfigError(path, `expected a non-empty string, got ${describe(value)}`);
  }
  return value;
}

export function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, path);
}

/** Decimal amounts must be strings in config: a YAML float would already have lost digits. */
export function decimalText(value: unknown, path: string): string {
  if (typeof value !== 'string' || parseDecimalText(value) === undefined) {
    throw new MockConfigError(path, `expected a decimal string such as "1.25", got ${describe(value)}`);
  }
  return value;
}

export function optionalDecimalText(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : decimalText(value, path);
}

export function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new MockConfigError(path, `expected an integer, got ${describe(value)}`);
  }
  return value;
}

export function optionalInteger(value: unknown, path: string): number | undefined {
  return value === undefined || value === null ? undefined : integer(value, path);
}

/** Non-money numbers (rate-limit decay, probabilities). */
export function finiteNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MockConfigError(path, `expected a number, got ${describe(value)}`);
  }
  return value;
}

export function bool(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean')
    throw new MockConfigError(path, `expected true or false, got ${describe(value)}`);
  return value;
}

export function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MockConfigError(path, `expected a list, got ${describe(value)}`);
  return value;
}

export function textList(value: unknown, path: string): string[] {
  return list(value, path).map((item, i) => text(item, `${path}[${i}]`));
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new MockConfigError(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return Array.isArray(value) ? 'a list' : typeof value;
}
