import type { Violation } from '@krakenkit/guard';
import type { AuditEvent } from '@krakenkit/guard/audit';
import type { SessionEvent } from '../../engine/session-events.js';
import { describeEvent } from '../../status/event-text.js';
import type { EventStream } from '../http/event-stream.js';
import { jsonValue } from './json-value.js';
import { Ring } from './ring.js';
import type { DashboardSource } from './source.js';

/** One guard decision as the guard page lists it. */
export interface DecisionRecord {
  at: number;
  action: 'check' | 'reserve';
  bot: string | undefined;
  allowed: boolean;
  /** The intent as the guard judged it (decimal text). */
  intent: unknown;
  violations: Violation[];
}

/** Refusals sharing one violation code: how often, by whom, and the latest with its full message and numbers. */
export interface RefusalGroup {
  code: string;
  rule: string;
  count: number;
  firstAt: number;
  lastAt: number;
  bots: string[];
  latest: Violation & { at: number; bot: string | undefined; intent: unknown };
}

/** A fill as the bots page lists it. */
export interface FillRecord {
  at: number;
  bot: string;
  pair: string;
  side: 'buy' | 'sell';
  volume: string;
  price: string;
  fee: string;
  margin: boolean;
}

/** A session event as a line of text, for the live log. */
export interface EventLine {
  at: number;
  type: SessionEvent['type'];
  bot: string | undefined;
  text: string;
}

const KEEP_DECISIONS = 200;
const KEEP_FILLS = 100;
const KEEP_EVENTS = 200;
const KEEP_BOT_EVENTS = 10;
// What an operator did to a bot, or what stopped it: shown on the bot's card.
const BOT_EVENT_TYPES: ReadonlySet<SessionEvent['type']> = new Set([
  'bot-paused',
  'bot-resumed',
  'bot-halted',
]);

/**
 * What the dashboard saw since it started: the guard's decisions (its audit stream), refusals grouped by code,
 * the session's events and each bot's fills, each bounded. Everything it records is also pushed to the open pages
 * (`decision`, `trading-state`, `event`).
 */
export class LiveFeed {
  readonly #decisions = new Ring<DecisionRecord>(KEEP_DECISIONS);
  readonly #refusals = new Map<string, RefusalGroup>();
  readonly #fills = new Map<string, Ring<FillRecord>>();
  readonly #events = new Ring<EventLine>(KEEP_EVENTS);
  readonly #botEvents = new Map<string, Ring<EventLine>>();
  readonly #stream: EventStream;
  readonly #unsubscribe: Array<() => void> = [];

  constructor(source: DashboardSource, stream: EventStream) {
    this.#stream = stream;
    this.#unsubscribe.push(source.connection.guard.onAudit((event) => this.#audit(event)));
    if (source.session !== undefined) {
      for (const event of source.session.events.recent()) this.#event(event, false);
      this.#unsubscribe.push(source.session.events.on((event) => this.#event(event, true)));
    }
  }

  decisions(): DecisionRecord[] {
    return this.#decisions.toArray().reverse();
  }

  /** Most frequent first. */
  refusals(): RefusalGroup[] {
    return [...this.#refusals.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
  }

  fills(bot: string): FillRecord[] {
    return this.#fills.get(bot)?.toArray().reverse() ?? [];
  }

  events(): EventLine[] {
    return this.#events.toArray().reverse();
  }

  /** A bot's pauses, resumes and halt, latest first. */
  botEvents(bot: string): EventLine[] {
    return this.#botEvents.get(bot)?.toArray().reverse() ?? [];
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  #audit(event: AuditEvent): void {
    if (event.type === 'trading-state') {
      this.#stream.publish('trading-state', {
        at: event.at,
        from: event.from,
        to: event.to,
        reason: event.reason,
      });
      return;
    }
    if (event.type !== 'decision') return;
    const record: DecisionRecord = {
      at: event.at,
      action: event.action,
      bot: event.bot,
      allowed: event.allowed,
      intent: jsonValue(event.intent),
      violations: event.violations.map((violation) => ({ ...violation })),
    };
    this.#decisions.push(record);
    for (const violation of record.violations) this.#group(violation, record);
    this.#stream.publish('decision', record);
  }

  #group(violation: Violation, record: DecisionRecord): void {
    const latest = { ...violation, at: record.at, bot: record.bot, intent: record.intent };
    const group = this.#refusals.get(violation.code);
    if (group === undefined) {
      this.#refusals.set(violation.code, {
        code: violation.code,
        rule: violation.rule,
        count: 1,
        firstAt: record.at,
        lastAt: record.at,
        bots: record.bot === undefined ? [] : [record.bot],
        latest,
      });
      return;
    }
    group.count += 1;
    group.lastAt = record.at;
    group.latest = latest;
    if (record.bot !== undefined && !group.bots.includes(record.bot)) group.bots.push(record.bot);
  }

  #event(event: SessionEvent, live: boolean): void {
    const bot = 'bot' in event ? event.bot : undefined;
    const line: EventLine = { at: event.at, type: event.type, bot, text: describeEvent(event) };
    this.#events.push(line);
    if (bot !== undefined && BOT_EVENT_TYPES.has(event.type))
      ringOf(this.#botEvents, bot, KEEP_BOT_EVENTS).push(line);
    if (event.type === 'fill') {
      const { fill } = event;
      ringOf(this.#fills, event.bot, KEEP_FILLS).push({
        at: fill.at,
        bot: event.bot,
        pair: fill.pair.wsname,
        side: fill.side,
        volume: fill.volume.toFixed(),
        price: fill.price.toFixed(),
        fee: fill.fee.toFixed(),
        margin: fill.margin,
      });
    }
    if (live) this.#stream.publish('event', line);
  }
}

function ringOf<T>(rings: Map<string, Ring<T>>, bot: string, keep: number): Ring<T> {
  let ring = rings.get(bot);
  if (ring === undefined) {
    ring = new Ring(keep);
    rings.set(bot, ring);
  }
  return ring;
}
