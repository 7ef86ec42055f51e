import type { WireParams } from '../encoding.js';
import { sealedWire, sealWire } from '../sealed-wire.js';
import type { EndpointDescriptor } from './define.js';

declare const validatedParamsBrand: unique symbol;

/**
 * An endpoint's params checked once by its own rules ({@link validateParams}): the wire params the client sends,
 * frozen. Typed as the params they came from (each value is also a valid param of the endpoint) and branded:
 * the client sends a value validated for the same endpoint as it is, without checking it again.
 */
export type ValidatedParams<P> = P & { readonly [validatedParamsBrand]: true };

/**
 * Validates `params` for `descriptor` now, exactly as the client would when sending them, and answers the checked
 * wire params: read them (a guard builds its facts from them, not from the caller's object, which is read once),
 * then pass them to the client method of the same endpoint, which sends them without validating again. Hostile
 * input throws the endpoint's ValidationError naming the field. A value validated for another endpoint, or a copy,
 * is validated again when sent.
 */
export function validateParams<P, R>(descriptor: EndpointDescriptor<P, R>, params: P): ValidatedParams<P> {
  return sealWire(descriptor.toWire(params), descriptor) as unknown as ValidatedParams<P>;
}

/** The wire params of a call: validated params of this endpoint as they are, anything else through `toWire`. */
export function wireOf<P, R>(descriptor: EndpointDescriptor<P, R>, params: P): WireParams {
  return sealedWire(params, descriptor) ?? descriptor.toWire(params);
}
