import { toPlainDecimal } from './decimal-text.js';

/**
 * Typed readers for lossless-parsed JSON (numbers arrive as their source text). A record's shape is declared once as
 * a spec, and its TypeScript type is derived from the same spec, so the validation and the type cannot drift apart.
 * Numeric fields accept numbers and numeric strings alike (Kraken quotes some numbers and not others).
 */

/** A field failed validation; `path` locates it inside the frame. */
export class FieldError extends Error {
  override name = 'FieldError';
  readonly path: string;

  constructor(path: string, problem: string) {
    super(problem);
    this.path = path;
  }
}

export type JsonObject = Record<string, unknown>;

/** How a field is read: scalar kinds, an allowed-values list, or nested records. */
export type FieldKind =
  | 'string'
  | 'decimal'
  | 'int'
  | 'bool'
  | 'strings'
  | 'json'
  | readonly string[]
  | { readonly list: RecordSpec }
  | { readonly record: RecordSpec };

export interface RecordSpec {
  readonly required: Readonly<Record<string, FieldKind>>;
  readonly optional: Readonly<Record<string, FieldKind>>;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The TypeScript type a field kind reads into. */
export type KindValue<K> = K extends 'string' | 'decimal'
  ? string
  : K extends 'int'
    ? number
    : K extends 'bool'
      ? boolean
      : K extends 'strings'
        ? string[]
        : K extends 'json'
          ? unknown
          : K extends readonly (infer U)[]
            ? U
            : K extends { readonly list: infer S extends RecordSpec }
              ? SpecRecord<S>[]
              : K extends { readonly record: infer S extends RecordSpec }
                ? SpecRecord<S>
                : never;

/** The record type a spec describes: required fields present, optional ones possibly absent. */
export type SpecRecord<S extends RecordSpec> = Simplify<
  { -readonly [K in keyof S['required']]: KindValue<S['required'][K]> } & {
    -readonly [K in keyof S['optional']]?: KindValue<S['optional'][K]>;
  }
>;

export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldError(path, `expected an object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

export function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new FieldError(path, `expected an array, got ${describe(value)}`);
  return value;
}

/** Reads a record by its spec. Absent and `null` optional fields are left out; unknown fields are ignored. */
export function readRecord<S extends RecordSpec>(value: unknown, spec: S, path: string): SpecRecord<S> {
  const source = asObject(value, path);
  const out: JsonObject = {};
  for (const key in spec.required) {
    const raw = source[key];
    if (raw === undefined || raw === null)
      throw new FieldError(`${path}.${key}`, 'required field is missing');
    out[key] = readKind(raw, spec.required[key] as FieldKind, `${path}.${key}`);
  }
  for (const key in spec.optional) {
    const raw = source[key];
    if (raw === undefined || raw === null) continue;
    out[key] = readKind(raw, spec.optional[key] as FieldKind, `${path}.${key}`);
  }
  return out as SpecRecord<S>;
}

/** Reads each element of an array by the same spec. */
export function readList<S extends RecordSpec>(value: unknown, spec: S, path: string): SpecRecord<S>[] {
  const items = asArray(value, path);
  const out: SpecRecord<S>[] = new Array(items.length);
  for (let i = 0; i < items.length; i += 1) out[i] = readRecord(items[i], spec, `${path}[${i}]`);
  return out;
}

export function readKind(raw: unknown, kind: FieldKind, path: string): unknown {
  if (kind === 'string') return readString(raw, path);
  if (kind === 'decimal') return readDecimal(raw, path);
  if (kind === 'int') return readInt(raw, path);
  if (kind === 'bool') return readBool(raw, path);
  if (kind === 'json') return raw;
  if (kind === 'strings') {
    return asArray(raw, path).map((item, i) => readString(item, `${path}[${i}]`));
  }
  if (Array.isArray(kind)) {
    const text = readString(raw, path);
    if (!kind.includes(text))
      throw new FieldError(path, `expected one of ${kind.join('|')}, got ${describe(raw)}`);
    return text;
  }
  if ('list' in kind) return readList(raw, kind.list, path);
  return readRecord(raw, (kind as { record: RecordSpec }).record, path);
}

export function readString(raw: unknown, path: string): string {
  if (typeof raw !== 'string') throw new FieldError(path, `expected a string, got ${describe(raw)}`);
  return raw;
}

/** Decimal text (plain form; exponent forms are expanded). */
export function readDecimal(raw: unknown, path: string): string {
  const plain = typeof raw === 'string' ? toPlainDecimal(raw) : undefined;
  if (plain === undefined) throw new FieldError(path, `expected a decimal number, got ${describe(raw)}`);
  return plain;
}

/** A safe integer (req_id, trade_id, counts, precisions). */
export function readInt(raw: unknown, path: string): number {
  if (typeof raw === 'string' && /^-?\d{1,16}$/.test(raw)) {
    const value = Number(raw);
    if (Number.isSafeInteger(value)) return value;
  }
  throw new FieldError(path, `expected an integer, got ${describe(raw)}`);
}

export function readBool(raw: unknown, path: string): boolean {
  if (typeof raw !== 'boolean') throw new FieldError(path, `expected true or false, got ${describe(raw)}`);
  return raw;
}

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
