import { silentLogger } from '@krakenkit/client';
import { type AccountId, accountIdOf } from '@krakenkit/core/store';
import { createMemoryStore } from '@krakenkit/store';
import type { BotConfig } from '../config/load.js';
import { leaseTtl, newSessionId, SessionLeases } from '../state/session-leases.js';
import { type Connection, openConnection } from './connect.js';
import { LeaseKeeper } from './lease-keeper.js';
import { Session, type SessionOptions } from './session.js';
import type { SessionState } from './session-continuity.js';
import type { StopReason } from './session-events.js';

/**
 * Opens the exchange for a validated config, builds the bots and starts them. Before any call is made the
 * session takes its leases in the state store (`options.store`, default memory): a bot another live session runs
 * on the same key is refused with BotAlreadyRunningError. With a store given, the clients and the guard are shared
 * through it with the other processes on the keys. Then each bot adopts what it left behind (resting
 * orders, positions, saved state), orphans are reported, and trading begins. Config problems found on the
 * exchange (an unknown pair, a leverage the pair does not offer, a missing credential) are thrown as ConfigError
 * with file:line:column before anything is traded.
 */
export async function startSession(config: BotConfig, options: SessionOptions = {}): Promise<Session> {
  const logger = options.logger ?? silentLogger();
  const store = options.store ?? createMemoryStore();
  const ownsStore = options.store === undefined;
  const warn = (message: string) => {
    logger.warn(message);
    options.onWarning?.(message);
  };
  const leases = new SessionLeases(store, {
    sessionId: newSessionId(),
    ttlMs: leaseTtl(config.run.pollInterval),
    now: Date.now,
    notify: warn,
  });
  const accounts = new Map<string, AccountId>();
  const enabled = config.bots.filter((bot) => bot.enabled);
  // Start-up may wait a long time on the exchange (several processes share the key's REST budget): the leases
  // are renewed from the claim on, not only once the session runs. A lease lost meanwhile halts its bot.
  const startUpKeeper = new LeaseKeeper(async () => {
    for (const { message } of (await leases.renew()).problems) warn(message);
  }, leases.ttlMs);
  try {
    const connection = await openConnection(config, {
      env: options.env ?? process.env,
      logger,
      // Only a store the caller gave is shared with other processes: the session's own memory store is not.
      ...(ownsStore ? {} : { store }),
      onWarning: warn,
      claim: async (apiKeys) => {
        // One account per API key (a digest, never the key): paper keys are fresh per run, so are their accounts.
        for (const [key, apiKey] of apiKeys) accounts.set(key, accountIdOf(apiKey));
        const claims = enabled.flatMap((bot) => {
          const account = accounts.get(bot.key);
          return account === undefined ? [] : [{ bot: bot.name, account }];
        });
        startUpKeeper.start();
        await leases.claim(claims);
      },
    });
    const state = { store, ownsStore, leases, accounts };
    return await begun(config, connection, options, state, () => startUpKeeper.stop());
  } catch (error) {
    await startUpKeeper.stop();
    await leases.release();
    if (ownsStore) await store.close().catch(() => undefined);
    throw error;
  }
}

// The session built, its bots' leftovers adopted, its loop started; a failure on the way closes what it opened.
async function begun(
  config: BotConfig,
  connection: Connection,
  options: SessionOptions,
  state: SessionState,
  handOver: () => Promise<void>,
): Promise<Session> {
  let session: Session;
  try {
    session = new Session(config, connection, options, state);
  } catch (error) {
    await connection.close();
    throw error;
  }
  // The session's own keeper renews from here (it starts in takeOver); two keepers never renew at once.
  await handOver();
  try {
    await session.takeOver(options.cancelOrphans ?? config.run.cancelOrphans, options.signal);
  } catch (error) {
    await session.abandon();
    throw error;
  }
  const { signal } = options;
  // Aborted during start-up: the loop never begins, so no bot acts; stop() winds down what start-up opened.
  if (signal?.aborted) void session.stop(stopReasonOf(signal));
  else {
    session.begin();
    if (signal !== undefined) {
      const onAbort = () => void session.stop(stopReasonOf(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      void session.finished.then(() => signal.removeEventListener('abort', onAbort));
    }
  }
  return session;
}

const SIGNAL_REASONS: ReadonlySet<unknown> = new Set<StopReason>(['SIGINT', 'SIGTERM']);

function stopReasonOf(signal: AbortSignal): StopReason {
  return SIGNAL_REASONS.has(signal.reason) ? (signal.reason as StopReason) : 'stopped';
}
