import { Decimal } from 'decimal.js';
import fc from 'fast-check';

/** One megabyte of text: too long for every field, and for most validators to scan carelessly. */
export const HUGE_TEXT = '9'.repeat(1 << 20);

/** A marker a polluted Object.prototype would show. */
export const POLLUTION_MARK = 'fuzzPolluted';

/** An object whose field throws when read (a getter), as a hostile caller could pass. */
export function throwingGetter(base: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, {
    enumerable: true,
    configurable: true,
    get() {
      throw new Error(`getter ${key} throws`);
    },
  });
  return copy;
}

/** A Proxy every trap of which throws. */
export function throwingProxy(): object {
  const fail = () => {
    throw new Error('proxy trap');
  };
  return new Proxy(
    {},
    { get: fail, ownKeys: fail, getPrototypeOf: fail, getOwnPropertyDescriptor: fail, has: fail },
  );
}

/** `{"__proto__": {...}}` as JSON.parse builds it: an own `__proto__` key, not a prototype. */
export function jsonProto(base: Record<string, unknown>, key: '__proto__' | 'constructor' | 'prototype') {
  const payload = `{"${POLLUTION_MARK}":"yes","prototype":{"${POLLUTION_MARK}":1}}`;
  const parsed = JSON.parse(`{"${key}":${payload}}`) as Record<string, unknown>;
  for (const [name, value] of Object.entries(base)) parsed[name] = value;
  return parsed;
}

const LAZY_PROXY = Object.freeze({ lazy: 'a Proxy whose traps throw' });
const LAZY_GETTER = Object.freeze({ lazy: 'an object whose getter throws' });

/** Values no money, id or enum field may accept as they are. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    1e21,
    0.1,
    '1e5',
    '1e400',
    '-1e-400',
    'NaN',
    'Infinity',
    '-1',
    '0',
    '-0.0',
    '',
    ' 1',
    '1 ',
    '+1',
    '.5',
    '1.',
    '1,000',
    '0x10',
    '1\u00002',
    '\u0000',
    '١٢٣',
    '１２３',
    '💸',
    'XBT\u202eDSU',
    HUGE_TEXT,
    null,
    true,
    false,
    10n,
    Symbol('hostile'),
    () => '1',
    [],
    ['1'],
    [['1']],
    {},
    { value: '1' },
    new Date(Number.NaN),
    new Decimal(Number.NaN),
    new Decimal(Number.POSITIVE_INFINITY),
    new Decimal('1e400'),
    new Decimal('-5'),
  ),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(LAZY_PROXY),
  fc.constant(LAZY_GETTER),
);

/**
 * Built only when the params are assembled (see {@link materialize}): fast-check inspects and prints generated
 * values, and must not trip over the traps meant for the code under test.
 */
function materialize(value: unknown): unknown {
  if (value === LAZY_PROXY) return throwingProxy();
  if (value === LAZY_GETTER) return throwingGetter({}, 'value');
  return value;
}

/** How a valid params object is made hostile; `refuse` says the result must be refused locally. */
export type Mutation =
  | { kind: 'replace'; key: string; value: unknown }
  | { kind: 'delete'; key: string }
  | { kind: 'unknown-key'; key: string; value: unknown }
  | { kind: 'json-proto'; key: '__proto__' | 'constructor' | 'prototype' }
  | { kind: 'getter'; key: string }
  | { kind: 'whole'; value: unknown };

export interface HostileCase {
  params: unknown;
  mutations: readonly Mutation[];
  /** Must end in a local typed error with nothing sent (false: may also be valid, or refused by the exchange). */
  mustRefuse: boolean;
  /** A param name the error's field must contain, when the mutation pins it down. */
  field?: string;
}

const UNKNOWN_KEYS = ['reduceOnly', 'Volume', 'nonce', 'otp', 'extra', ' pair', 'pair\u0000', 'toString'];

/** Mutations that may or may not leave the params valid: replaced values, dropped fields, a hostile whole. */
function neutralMutation(keys: readonly string[]): fc.Arbitrary<Mutation> {
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), key, value: hostileValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }) },
  );
}

/** Mutations every endpoint must refuse locally, naming the key. */
function refusingMutation(keys: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({
      kind: fc.constant('unknown-key' as const),
      key: fc.constantFrom(...UNKNOWN_KEYS),
      value: hostileValue,
    }),
    fc.record({
      kind: fc.constant('json-proto' as const),
      key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const),
    }),
    fc.record({ kind: fc.constant('getter' as const), key: fc.constantFrom(...keys) }),
  );
}

/**
 * A hostile version of `valid`: up to two neutral mutations, then (in half the cases) one that must be refused.
 * The refusing one comes last so nothing undoes it, and it alone decides the field the error names.
 */
export function hostileCase(valid: Record<string, unknown>): fc.Arbitrary<HostileCase> {
  const keys = Object.keys(valid);
  return fc
    .tuple(fc.array(neutralMutation(keys), { maxLength: 2 }), fc.option(refusingMutation(keys), { freq: 2 }))
    .map(([neutral, refusing]) => {
      const mutations = refusing === null ? neutral : [...neutral, refusing];
      const base: HostileCase = {
        params: applyMutations(valid, mutations),
        mutations,
        mustRefuse: refusing !== null,
      };
      // After a hostile whole (an array, an object), its own keys may be refused first: no field is pinned then.
      const pinned = refusing !== null && !neutral.some((m) => m.kind === 'whole');
      return pinned && refusing.kind !== 'whole' && refusing.kind !== 'replace' && refusing.kind !== 'delete'
        ? { ...base, field: refusing.key }
        : base;
    });
}

/** Applies mutations in order to a copy of `valid`. */
export function applyMutations(valid: Record<string, unknown>, mutations: readonly Mutation[]): unknown {
  let params: unknown = { ...valid };
  for (const mutation of mutations) {
    const current = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
    switch (mutation.kind) {
      case 'replace':
        params = { ...plainCopy(current), [mutation.key]: materialize(mutation.value) };
        break;
      case 'delete': {
        const { [mutation.key]: _dropped, ...rest } = plainCopy(current);
        params = rest;
        break;
      }
      case 'unknown-key':
        params = { ...plainCopy(current), [mutation.key]: materialize(mutation.value) };
        break;
      case 'json-proto':
        params = jsonProto(plainCopy(current), mutation.key);
        break;
      case 'getter':
        params = throwingGetter(plainCopy(current), mutation.key);
        break;
      case 'whole':
        params = materialize(mutation.value);
        break;
    }
  }
  return params;
}

/** Own data fields only: a copy never calls an earlier mutation's getter. */
function plainCopy(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(record)) {
      const descriptor = Object.getOwnPropertyDescriptor(record, key);
      // Accessors are dropped: a later spread would call an earlier mutation's throwing getter.
      if (descriptor !== undefined && 'value' in descriptor)
        Object.defineProperty(out, key, { ...descriptor });
    }
  } catch {
    return {};
  }
  return out;
}
