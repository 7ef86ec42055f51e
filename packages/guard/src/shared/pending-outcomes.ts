import { ValidationError } from '@krakenkit/core';
import type { GuardCore } from '../engine/guard-core.js';
import { eventApplies, type OrderOutcome } from '../state/events.js';
import { encodeEntry } from './journal-entry.js';

/** An outcome in this process's state that the journal does not hold yet. */
export interface PendingOutcome {
  readonly event: OrderOutcome;
  readonly at: number;
  /** Its journal entry, as the store keeps it (how a commit whose answer was lost is recognised). */
  readonly text: string;
  /** Takes it back out of the state, exactly. */
  undo: () => void;
}

/**
 * Order outcomes a shared guard has applied to its state and not yet journaled (see SharedGuard.applyAlong). The
 * state is always the journal's fold followed by these, in the order they were applied: every change the journal
 * holds before them is applied beneath them ({@link beneath}), so this process folds exactly what the others do.
 * Every commit carries them first; they leave the list once a commit that carried them lands, or once the journal
 * is found to hold them (a commit whose answer was lost).
 */
export class PendingOutcomes {
  #items: PendingOutcome[] = [];

  constructor(
    private readonly core: GuardCore,
    private readonly instance: string,
  ) {}

  get size(): number {
    return this.#items.length;
  }

  /** Applies `event` now; it waits to be journaled when it changed the state. Returns whether it did. */
  add(event: OrderOutcome, at: number): boolean {
    const undo = applyOutcome(this.core, event, at, this.instance);
    if (undo === undefined) return false;
    const text = encodeEntry({ type: 'event', at, instance: this.instance, event });
    this.#items.push({ event, at, text, undo });
    return true;
  }

  /** What a commit made now carries first, in the order they were applied. */
  carried(): readonly PendingOutcome[] {
    return this.#items.length === 0 ? NONE : [...this.#items];
  }

  /** Whether any of `items` (default: any outcome at all) still waits to be journaled. */
  waiting(items?: readonly PendingOutcome[]): boolean {
    if (items === undefined) return this.#items.length > 0;
    return items.some((item) => this.#items.includes(item));
  }

  /** A commit that carried these landed: the journal holds them. */
  journaled(carried: readonly PendingOutcome[]): void {
    if (carried.length === 0) return;
    const done = new Set(carried);
    this.#items = this.#items.filter((item) => !done.has(item));
  }

  /**
   * Applies `change` (something the journal holds before the pending outcomes) beneath them: they are taken out,
   * the change applied, and they are applied again on top. One whose entry is among `inJournal` (entries just
   * folded: a commit whose answer was lost had landed) stays out, since the change brought it; one that no longer
   * changes anything (the journal already holds it, compacted) is dropped.
   */
  beneath<T>(change: () => T, inJournal?: ReadonlySet<string>): T {
    const items = this.#items;
    if (items.length === 0) return change();
    for (let i = items.length - 1; i >= 0; i -= 1) items[i]?.undo();
    try {
      return change();
    } finally {
      // Even after a change that threw: every undo kept must match the state as it now is.
      const kept: PendingOutcome[] = [];
      for (const item of items) {
        if (inJournal?.has(item.text)) continue;
        const undo = applyOutcome(this.core, item.event, item.at, this.instance);
        if (undo === undefined) continue;
        item.undo = undo;
        kept.push(item);
      }
      this.#items = kept;
    }
  }
}

const NONE: readonly PendingOutcome[] = Object.freeze([]);

/** Throws a ValidationError naming the event's type unless it is an order's answer with a ref. */
export function checkOrderOutcome(event: unknown): asserts event is OrderOutcome {
  const { type, ref } = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if ((type === 'order-accepted' || type === 'order-rejected') && typeof ref === 'string') return;
  const shown = typeof type === 'string' ? type.slice(0, 64) : typeof type;
  throw new ValidationError('event.type', shown, 'order-accepted or order-rejected, with a ref');
}

/**
 * Applies an order's outcome as the fold applies its journal entry (GuardCore.applyEvent, reported by `instance`)
 * and returns how to undo it exactly; undefined when it changes nothing (not this process's order, no such order,
 * or already accepted with that txid).
 */
function applyOutcome(
  core: GuardCore,
  event: OrderOutcome,
  at: number,
  instance: string,
): (() => void) | undefined {
  const { state, pairs } = core;
  if (!eventApplies(state, event, pairs, instance)) return undefined;
  const order = state.orders.find(event.ref);
  if (order === undefined) return undefined;
  const removing = event.type === 'order-rejected';
  const txid = removing ? undefined : event.txid;
  if (!removing && order.status === 'open' && order.expiresAt === undefined) {
    if (txid === undefined || txid === order.txid) return undefined;
  }
  const undo = state.orders.saveBefore(order, removing, txid);
  core.applyEvent(event, at, instance);
  return undo;
}
