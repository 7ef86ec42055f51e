import type {
  AddOrderBatchParams,
  AddOrderParams,
  AmendOrderParams,
  CallOptions,
  CancelAllOrdersAfterParams,
  CancelOrderBatchParams,
  CancelOrderParams,
  EditOrderParams,
  WithdrawParams,
} from '@krakenkit/client';
import {
  isValidatedOrder,
  isValidatedOrderBatch,
  parseOrder,
  parseOrderBatch,
  type ValidatedOrder,
} from '@krakenkit/core';
import type { Decision } from '../decision.js';
import type { GuardIntent, WithdrawIntent } from '../intent.js';
import { PlanChangedError } from '../shared/call-reservation.js';
import type { GuardEvent } from '../state/events.js';
import { GuardRejectedError } from './guard-rejected-error.js';
import type { GuardableClient, GuardedTrading } from './guardable-client.js';
import { adjustedBatch, adjustedOrder, amendIntentOf, editIntentOf } from './intents-from-params.js';
import {
  isPromise,
  type ReservingGuard,
  recordOutcome,
  recordOutcomeAlong,
  reserveThrough,
} from './reserving-guard.js';
import { certainlyNotPlaced, rejectionCode } from './send-outcome.js';
import {
  batchViolations,
  rejectUnsizable,
  releaseEvent,
  txidOf,
  validatedParams,
} from './session-helpers.js';

/**
 * The guarded trading methods. The client and guard live in private fields: no property of a session (or of the
 * frozen object guardClient builds from its methods) leads to the raw client.
 */
export class GuardedSession implements GuardedTrading {
  readonly #client: GuardableClient;
  readonly #guard: ReservingGuard;
  readonly #withdrawInfoFirst: boolean;

  constructor(client: GuardableClient, guard: ReservingGuard, withdrawInfoFirst: boolean) {
    this.#client = client;
    this.#guard = guard;
    this.#withdrawInfoFirst = withdrawInfoFirst;
  }

  // The order is validated once (core's parseOrder: hostile input ends in a ValidationError naming the field, before
  // the guard reads anything) and that same value is what the guard judges and the client sends.
  async addOrder(params: AddOrderParams, options?: CallOptions) {
    const order = isValidatedOrder(params) ? params : parseOrder(params);
    rejectUnsizable('addOrder', order.oflags);
    if (order.validate === true) {
      // Validate-only places nothing: check, but reserve nothing.
      const decision = this.#guard.check(order);
      if (!decision.allowed) throw new GuardRejectedError('addOrder', decision.violations);
      return this.#client.addOrder(order, options);
    }
    if (this.#journalsAlong()) {
      const placed = await this.#addOrderAlong(order, options);
      if (placed !== undefined) return placed;
    }
    const { ref, adjusted } = await this.#reserve('addOrder', order);
    const result = await this.#settle(
      this.#client.addOrder(adjustedOrder(order, adjusted), options),
      [ref],
      'order',
    );
    await this.#record({ type: 'order-accepted', ref, ...txidOf(result.txid?.[0]) });
    return result;
  }

  async addOrderBatch(params: AddOrderBatchParams, options?: CallOptions) {
    const batch = isValidatedOrderBatch(params) ? params : parseOrderBatch(params);
    for (const [index, order] of batch.orders.entries())
      rejectUnsizable(`addOrderBatch.orders[${index}]`, order.oflags);
    const answer = this.#guard.reserveBatch(batch.orders);
    const reserved = isPromise(answer) ? await answer : answer;
    if (!reserved.allowed) throw new GuardRejectedError('addOrderBatch', batchViolations(reserved.decisions));
    const refs = reserved.decisions.map((decision) => decision.ref ?? '');
    const result = await this.#settle(
      this.#client.addOrderBatch(adjustedBatch(batch, reserved.decisions), options),
      refs,
      'order',
    );
    for (const [index, placed] of result.orders.entries()) {
      const ref = refs[index] ?? '';
      await this.#record(
        placed.error !== undefined
          ? { type: 'order-rejected', ref, code: placed.error }
          : { type: 'order-accepted', ref, ...txidOf(placed.txid) },
      );
    }
    return result;
  }

  // Validated once (the client's own rules): the guard reads that value and the client sends it as it is.
  async amendOrder(params: AmendOrderParams, options?: CallOptions) {
    const amend = validatedParams('amendOrder', params);
    const { ref } = await this.#reserve('amendOrder', amendIntentOf(amend));
    const result = await this.#settle(this.#client.amendOrder(amend, options), [ref], 'amend');
    await this.#record({ type: 'amend-accepted', ref });
    return result;
  }

  async editOrder(params: EditOrderParams, options?: CallOptions) {
    const edit = validatedParams('editOrder', params);
    const { ref } = await this.#reserve('editOrder', editIntentOf(edit));
    const result = await this.#settle(this.#client.editOrder(edit, options), [ref], 'amend');
    const ok = result.status === 'ok' || result.txid !== undefined;
    await this.#record(
      ok ? { type: 'amend-accepted', ref, ...txidOf(result.txid) } : { type: 'amend-rejected', ref },
    );
    return result;
  }

  // Cancels always pass the guard; reserving one only charges the pair's matching-engine counter.
  async cancelOrder(params: CancelOrderParams, options?: CallOptions) {
    const cancel = validatedParams('cancelOrder', params);
    const id = String(cancel.txid ?? cancel.cl_ord_id);
    await reserveThrough(this.#guard, { kind: 'cancel', orderIds: [id] });
    const result = await this.#client.cancelOrder(cancel, options);
    if (result.count > 0) await this.#record({ type: 'order-cancelled', order: id });
    return result;
  }

  async cancelAll(params?: Record<string, never>, options?: CallOptions) {
    const cancel = validatedParams('cancelAll', params);
    await reserveThrough(this.#guard, { kind: 'cancel' });
    const open = this.#guard.orders().filter((order) => order.status === 'open');
    const result = await this.#client.cancelAll(cancel, options);
    for (const order of open) await this.#record({ type: 'order-cancelled', order: order.ref });
    return result;
  }

  // The dead man's switch only ever cancels.
  cancelAllOrdersAfter(params: CancelAllOrdersAfterParams, options?: CallOptions) {
    return this.#client.cancelAllOrdersAfter(params, options);
  }

  async cancelOrderBatch(params: CancelOrderBatchParams, options?: CallOptions) {
    const send = this.#client.cancelOrderBatch;
    if (send === undefined) throw new TypeError('the wrapped client has no cancelOrderBatch');
    // From the validated params: the client also accepts comma text where the type says array; they hold arrays.
    const cancel = validatedParams('cancelOrderBatch', params);
    const ids = [...listOf(cancel.orders), ...listOf(cancel.cl_ord_ids)];
    await reserveThrough(this.#guard, { kind: 'cancel', orderIds: ids });
    const result = await send.call(this.#client, cancel, options);
    // The answer counts cancels without naming them: fewer than asked means some order filled (or was gone)
    // first, and the guard cannot tell which, so it releases none and leaves them to the next reconcile.
    if (result.count >= ids.length)
      for (const id of ids) await this.#record({ type: 'order-cancelled', order: id });
    return result;
  }

  async withdraw(params: WithdrawParams, options?: CallOptions) {
    const withdrawal = validatedParams('withdraw', params);
    const infoLimit = await this.#withdrawLimit(withdrawal, options);
    const key = this.#client.key;
    const intent: WithdrawIntent = {
      kind: 'withdraw',
      asset: withdrawal.asset,
      key: withdrawal.key,
      amount: withdrawal.amount,
      ...(key === undefined ? {} : { apiKey: { name: key.name, permissions: [...key.permissions] } }),
      ...(infoLimit === undefined ? {} : { infoLimit }),
    };
    const { ref } = await this.#reserve('withdraw', intent);
    const result = await this.#settle(this.#client.withdraw(withdrawal, options), [ref], 'withdrawal');
    await this.#record({ type: 'withdrawal-sent', ref });
    return result;
  }

  /** Whether the guard's journal and the client's key share one store and account: then one step takes both. */
  #journalsAlong(): boolean {
    const journal = this.#guard.journalStore;
    const shared = this.#client.shared;
    return (
      this.#guard.reserveAlong !== undefined &&
      journal !== undefined &&
      shared !== undefined &&
      journal.store === shared.store &&
      journal.account === shared.account
    );
  }

  /**
   * The order's reservation, charge and nonce in one store step. Undefined when re-judging after another process
   * wrote adjusted the order differently (nothing was sent): the caller then reserves first, as usual.
   */
  async #addOrderAlong(order: ValidatedOrder, options: CallOptions | undefined) {
    const call = await this.#guard.reserveAlong?.('addOrder', order, (first, journal) =>
      this.#client.addOrder(adjustedOrder(order, first.adjusted), { ...options, journal }),
    );
    if (call === undefined) return undefined;
    if (call.result === undefined) throw new GuardRejectedError('addOrder', call.first.violations);
    let result: Awaited<ReturnType<GuardableClient['addOrder']>>;
    try {
      result = await call.result;
    } catch (error) {
      if (error instanceof PlanChangedError) return undefined;
      const ref = call.landed()?.ref;
      if (ref !== undefined && certainlyNotPlaced(error)) {
        const code = rejectionCode(error);
        await recordOutcomeAlong(this.#guard, {
          type: 'order-rejected',
          ref,
          ...(code === undefined ? {} : { code }),
        });
      }
      throw error;
    }
    // Journaled with this process's next store step (the next order's), or by a commit right after.
    const ref = call.landed()?.ref ?? '';
    await recordOutcomeAlong(this.#guard, { type: 'order-accepted', ref, ...txidOf(result.txid?.[0]) });
    return result;
  }

  // A shared guard that cannot reach its store throws its StoreUnavailableError here: nothing is sent.
  async #reserve(
    method: string,
    intent: GuardIntent,
  ): Promise<{ ref: string; adjusted: Decision['adjusted'] }> {
    const reservation = await reserveThrough(this.#guard, intent);
    if (!reservation.allowed || reservation.ref === undefined) {
      throw new GuardRejectedError(method, reservation.violations);
    }
    return { ref: reservation.ref, adjusted: reservation.adjusted };
  }

  // A certain failure releases the reservations; an unknown outcome keeps them until reconciled (fail closed).
  async #settle<T>(
    call: Promise<T>,
    refs: readonly string[],
    kind: 'order' | 'amend' | 'withdrawal',
  ): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (certainlyNotPlaced(error)) {
        for (const ref of refs) await this.#record(releaseEvent(kind, ref, rejectionCode(error)));
      }
      throw error;
    }
  }

  #record(event: GuardEvent): Promise<void> {
    return recordOutcome(this.#guard, event);
  }

  async #withdrawLimit(
    params: WithdrawParams,
    options: CallOptions | undefined,
  ): Promise<string | undefined> {
    const info = this.#client.withdrawInfo;
    if (!this.#withdrawInfoFirst || info === undefined) return undefined;
    const answer = await info.call(
      this.#client,
      { asset: params.asset, key: params.key, amount: params.amount },
      options,
    );
    return answer.limit;
  }
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
