import type { AddOrderParams } from '@krakenkit/client';
import {
  type EndpointDescriptor,
  endpoints,
  type ParamsOf,
  type ValidatedParams,
  validateParams,
} from '@krakenkit/client/wire';
import { GUARD_CODES } from '../codes.js';
import type { Decision, Violation } from '../decision.js';
import type { GuardEvent } from '../state/events.js';
import { GuardRejectedError } from './guard-rejected-error.js';
import { orderFlags } from './intents-from-params.js';

/** The event that releases a reservation whose call certainly failed. */
export function releaseEvent(
  kind: 'order' | 'amend' | 'withdrawal',
  ref: string,
  code: string | undefined,
): GuardEvent {
  if (kind === 'amend') return { type: 'amend-rejected', ref };
  if (kind === 'withdrawal') return { type: 'withdrawal-rejected', ref };
  return { type: 'order-rejected', ref, ...(code === undefined ? {} : { code }) };
}

export function txidOf(txid: string | undefined): { txid?: string } {
  return txid === undefined ? {} : { txid };
}

/** viqc gives the volume in quote currency: the guard sizes orders in base, so it cannot judge one. Fail closed. */
export function rejectUnsizable(method: string, oflags: AddOrderParams['oflags']): void {
  if (!orderFlags(oflags).includes('viqc')) return;
  throw new GuardRejectedError(method, [
    {
      rule: 'intent',
      code: GUARD_CODES.invalidIntent,
      message:
        'oflags viqc (volume in quote currency) cannot be sized by the guard: give the volume in base currency',
      field: 'oflags',
    },
  ]);
}

/** Every violation of a batch, each message prefixed with its order's index. */
export function batchViolations(decisions: readonly Decision[]): Violation[] {
  return decisions.flatMap((decision, index) =>
    decision.violations.map((violation) => ({
      ...violation,
      message: `orders[${index}]: ${violation.message}`,
    })),
  );
}

type ValidatedMethod =
  | 'amendOrder'
  | 'editOrder'
  | 'cancelOrder'
  | 'cancelAll'
  | 'cancelOrderBatch'
  | 'withdraw';

/** The params type of one of the client's endpoint methods. */
type ParamsOfMethod<M extends ValidatedMethod> = ParamsOf<(typeof endpoints)[M]>;

/**
 * Validates params once, exactly as the client would, before the guard reads any of them: hostile input (null,
 * wrong types, getters, prototype keys) ends in the client's ValidationError naming the field, never in a TypeError
 * from building the intent, and nothing is reserved or sent. Answers the validated params: the guard builds its
 * intent from them (not from the caller's object, which is read once) and the client sends them as they are.
 */
export function validatedParams<M extends ValidatedMethod>(
  method: M,
  params: unknown,
): ValidatedParams<ParamsOfMethod<M>> {
  const descriptor = endpoints[method] as unknown as EndpointDescriptor<ParamsOfMethod<M>, unknown>;
  return validateParams(descriptor, params as ParamsOfMethod<M>);
}
