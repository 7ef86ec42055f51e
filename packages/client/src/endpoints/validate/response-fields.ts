import { Decimal, KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenkitError } from '../../errors/index.js';

/** A `result` that does not have the shape Kraken documents (a proxy page, an API change, a broken mock). */
export class ResponseShapeError extends KrakenkitError {
  override name = 'ResponseShapeError';
  readonly path: string;

  constructor(path: string, expected: string) {
    super(`unexpected response at ${path}: expected ${expected}`, {
      code: KRAKENKIT_CODES.BAD_RESPONSE,
      category: 'service',
    });
    this.path = path;
  }
}

/** The value as a plain object, or a {@link ResponseShapeError}. */
export function asRecord(path: string, value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new ResponseShapeError(path, 'an object');
}

/** Reads optional fields of one response object, converting as it goes; wrong types throw with the path. */
export class ResponseReader {
  constructor(
    readonly path: string,
    readonly record: Record<string, unknown>,
  ) {}

  string(key: string): string | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    throw new ResponseShapeError(`${this.path}.${key}`, 'text');
  }

  /** Decimal text, kept exactly as sent; a JSON number is written in plain notation (never `1e-8`). */
  decimal(key: string): string | undefined {
    return decimalText(`${this.path}.${key}`, this.record[key]);
  }

  number(key: string): number | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value)) return Number(value);
    throw new ResponseShapeError(`${this.path}.${key}`, 'a number');
  }

  numbers(key: string): number[] | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
      return [...(value as number[])];
    }
    throw new ResponseShapeError(`${this.path}.${key}`, 'an array of numbers');
  }

  /** `[[volume, percent], ...]` fee schedules as decimal text pairs. */
  feeTiers(key: string): Array<[volume: string, percent: string]> | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value))
      throw new ResponseShapeError(`${this.path}.${key}`, 'an array of [volume, percent]');
    return value.map((tier: unknown, index) => {
      const at = `${this.path}.${key}[${index}]`;
      if (!Array.isArray(tier) || tier.length < 2) throw new ResponseShapeError(at, '[volume, percent]');
      return [decimalText(`${at}[0]`, tier[0]) ?? '0', decimalText(`${at}[1]`, tier[1]) ?? '0'];
    });
  }
}

function decimalText(path: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value).toFixed();
  throw new ResponseShapeError(path, 'decimal text');
}
