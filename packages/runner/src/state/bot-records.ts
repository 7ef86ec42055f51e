import type { AccountId, StateStore } from '@krakenkit/core/store';
import type { BotRunner, BotSnapshot } from '../engine/bot-runner.js';
import { describeError } from '../engine/halting.js';
import type { OrderRequest } from '../strategies/types.js';
import { orderRecordKey, orderRecordPrefix, stateRecordKey } from './keys.js';
import { type OrderProgress, type OrderRecord, parseOrderRecord, recordOf } from './order-record.js';

/** A bot's state as saved under `bot:<name>:state`. */
export interface SavedBotState extends BotSnapshot {
  savedAt: number;
  session: string;
  /**
   * Fill progress of its orders, saved in the same write as the positions it produced, so a crash between two
   * writes can neither lose a fill nor count it twice at the next start.
   */
  progress: Record<string, OrderProgress>;
}

/** What a bot left in the store: its order records and saved state. */
export interface BotLeftovers {
  records: OrderRecord[];
  saved: SavedBotState | undefined;
  /** Keys of records that could not be read (reported, then ignored). */
  unreadable: string[];
}

/** What BotRecords needs from the session. */
export interface BotRecordsContext {
  store: StateStore;
  sessionId: string;
  now: () => number;
  /** The store account of a bot (its key's). */
  accountOf(bot: BotRunner): AccountId;
  /** Told about a write that failed, and why (the session goes on; it is reported as a warning). */
  onProblem(bot: BotRunner, message: string, error: unknown): void;
}

/**
 * Each bot's orders and state in the store: an order is recorded before it is sent and forgotten when it ends;
 * the bot's state is saved whenever it changes. A bot that lost its lease writes nothing more, nor does a
 * stopped session: what they left belongs to the session that holds the bot now.
 */
export class BotRecords {
  readonly #context: BotRecordsContext;
  readonly #lastSaved = new Map<string, string>();
  readonly #progress = new Map<string, Map<string, OrderProgress>>();

  #closed = false;

  constructor(context: BotRecordsContext) {
    this.#context = context;
  }

  /**
   * Writes nothing more (the session is about to release its leases): work a stopping session abandoned and that
   * ends later must not overwrite what the next session holding the bots writes.
   */
  close(): void {
    this.#closed = true;
  }

  /** Records an order about to be sent. Throws when the store fails: an unrecorded order must not be sent. */
  async placing(bot: BotRunner, clOrdId: string, request: OrderRequest): Promise<void> {
    if (!this.#writes(bot)) return;
    await this.#put(bot, recordOf(request, this.#fields(bot, clOrdId)));
  }

  /** Adds the txid the exchange gave the order. */
  async accepted(bot: BotRunner, clOrdId: string, request: OrderRequest, txid: string): Promise<void> {
    if (!this.#writes(bot)) return;
    await this.#quietly(bot, () =>
      this.#put(bot, { ...recordOf(request, this.#fields(bot, clOrdId)), txid }),
    );
  }

  /** Notes how far an order has filled; saved with the bot's next state. */
  progressed(bot: BotRunner, clOrdId: string, progress: OrderProgress): void {
    this.#progressOf(bot).set(clOrdId, progress);
  }

  /** The order ended (filled, cancelled, refused): its record goes. */
  async ended(bot: BotRunner, clOrdId: string): Promise<void> {
    if (!this.#writes(bot)) return;
    await this.#quietly(bot, () =>
      this.#context.store.deleteRecord(this.#context.accountOf(bot), orderRecordKey(bot.name, clOrdId)),
    );
    // Kept until now so that a state saved before the record went still holds the order's last progress.
    this.#progressOf(bot).delete(clOrdId);
  }

  /** Saves the bot's state if it changed since the last save. */
  async save(bot: BotRunner): Promise<void> {
    if (!this.#writes(bot)) return;
    const state = { ...bot.snapshot(), progress: Object.fromEntries(this.#progressOf(bot)) };
    const text = JSON.stringify(state);
    if (this.#lastSaved.get(bot.name) === text) return;
    const saved: SavedBotState = { ...state, savedAt: this.#context.now(), session: this.#context.sessionId };
    await this.#quietly(bot, async () => {
      await this.#context.store.putRecord(
        this.#context.accountOf(bot),
        stateRecordKey(bot.name),
        JSON.stringify(saved),
      );
      this.#lastSaved.set(bot.name, text);
    });
  }

  /** What the bot left in the store (at start, before it trades). */
  async load(bot: BotRunner): Promise<BotLeftovers> {
    const { store } = this.#context;
    const account = this.#context.accountOf(bot);
    const [stored, state] = await Promise.all([
      store.listRecords(account, orderRecordPrefix(bot.name)),
      store.getRecord(account, stateRecordKey(bot.name)),
    ]);
    const records: OrderRecord[] = [];
    const unreadable: string[] = [];
    for (const { key, value } of stored) {
      const record = parseOrderRecord(value);
      if (record === undefined) unreadable.push(key);
      else records.push(record);
    }
    return { records, saved: parseSaved(state), unreadable };
  }

  #writes(bot: BotRunner): boolean {
    return !this.#closed && bot.halted === undefined;
  }

  async #put(bot: BotRunner, record: OrderRecord): Promise<void> {
    const key = orderRecordKey(bot.name, record.clOrdId);
    await this.#context.store.putRecord(this.#context.accountOf(bot), key, JSON.stringify(record));
  }

  #fields(bot: BotRunner, clOrdId: string) {
    const { sessionId, now } = this.#context;
    return { clOrdId, bot: bot.name, strategy: bot.strategyName, session: sessionId, placedAt: now() };
  }

  #progressOf(bot: BotRunner): Map<string, OrderProgress> {
    let progress = this.#progress.get(bot.name);
    if (progress === undefined) {
      progress = new Map();
      this.#progress.set(bot.name, progress);
    }
    return progress;
  }

  async #quietly(bot: BotRunner, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const { code, message } = describeError(error);
      this.#context.onProblem(bot, `state store write failed (${code}): ${message}`, error);
    }
  }
}

function parseSaved(text: string | undefined): SavedBotState | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as SavedBotState;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
