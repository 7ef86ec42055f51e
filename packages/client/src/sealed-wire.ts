/**
 * Wire params validated once, ahead of the call that sends them (the guarded clients validate, let the guard read
 * the result, then hand that same value to the client). Each is frozen, nested lists and objects included, and
 * registered here with what it was validated for: the client sends a registered value as it is, and validates
 * anything else, a copy or a look-alike included (the registry is private, a WeakMap: nothing can be forged into it).
 */

const sealed = new WeakMap<object, unknown>();

/** Freezes `wire` (and the lists and records inside it) and registers it as validated for `validatedFor`. */
export function sealWire<W extends Readonly<Record<string, unknown>>>(
  wire: W,
  validatedFor: object | string,
): W {
  freezeDeep(wire);
  sealed.set(wire, validatedFor);
  return wire;
}

/** `value` itself when it was sealed for `validatedFor`, else undefined (the caller then validates it). */
export function sealedWire(
  value: unknown,
  validatedFor: object | string,
): Readonly<Record<string, unknown>> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return sealed.get(value) === validatedFor ? (value as Readonly<Record<string, unknown>>) : undefined;
}

// Wire values are primitives, Decimals (immutable by their API), or lists and records the validator built.
function freezeDeep(value: object): void {
  Object.freeze(value);
  for (const key in value) {
    const member: unknown = (value as Record<string, unknown>)[key];
    if (typeof member !== 'object' || member === null || Object.isFrozen(member)) continue;
    if (Array.isArray(member) || Object.getPrototypeOf(member) === Object.prototype) freezeDeep(member);
  }
}
