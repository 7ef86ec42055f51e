import type { OrderInfo, PositionInfo } from '@krakenkit/client';
import { Decimal } from '@krakenkit/core';
import type { BotClient } from '../engine/connect.js';

/** One key's open orders and positions, read once at start for adoption and the orphan report. */
export interface KeyView {
  open: Readonly<Record<string, OrderInfo>>;
  positions: Readonly<Record<string, PositionInfo>>;
}

/** Reads OpenOrders and OpenPositions of a key. */
export async function readKeyView(client: BotClient): Promise<KeyView> {
  const [orders, positions] = await Promise.all([client.openOrders(), client.openPositions()]);
  return { open: orders.open, positions };
}

/** The key's net margin position on a pair (base currency: > 0 long), from OpenPositions. */
export function netPosition(view: KeyView, pair: { id: string; altname: string }): Decimal {
  let net = new Decimal(0);
  for (const position of Object.values(view.positions)) {
    if (position.pair !== pair.id && position.pair !== pair.altname) continue;
    const held = new Decimal(position.vol).minus(position.vol_closed);
    net = position.type === 'buy' ? net.plus(held) : net.minus(held);
  }
  return net;
}

/**
 * What a bot may claim of the key's position on a pair: what it saved, but never more than the key holds on
 * that side (closed or liquidated while it was down, or a saved state that is off): flat or the other way round
 * means the bot holds nothing.
 */
export function squaredPosition(saved: Decimal, keyNet: Decimal): Decimal {
  if (saved.isZero() || keyNet.isZero() || saved.isPositive() !== keyNet.isPositive()) return new Decimal(0);
  return saved.abs().lte(keyNet.abs()) ? saved : keyNet;
}
