/**
 * The Redis store's connection: node-redis with every wait bounded. Connecting waits at most `connectTimeoutMs`;
 * a command at most `commandTimeoutMs`, sent or not; while the connection is down commands fail at once (no
 * offline queue) and the client reconnects in the background, so calls resume when Redis is back. Any failure
 * is a StoreUnavailableError (retryable); a value krakenkit cannot read is a StoreCorruptError.
 */
import { createHash } from 'node:crypto';
import { StoreCorruptError, StoreUnavailableError } from '@krakenkit/core/store';
import type { RedisClientType } from 'redis';

/** A script run by its SHA-1 (EVALSHA), sent whole (EVAL) only when Redis does not have it yet. */
export interface LuaScript {
  source: string;
  sha: string;
}

/** Prepares a script. */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** How the connection is bounded. */
export interface ConnectionOptions {
  url: string;
  /** The URL without its password, for errors. */
  location: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

/** An open connection. */
export class RedisConnection {
  readonly #client: RedisClientType;
  readonly #location: string;

  private constructor(client: RedisClientType, location: string) {
    this.#client = client;
    this.#location = location;
  }

  /** Connects, or fails with StoreUnavailableError once `connectTimeoutMs` has passed. */
  static async open(options: ConnectionOptions): Promise<RedisConnection> {
    const { createClient } = await import('redis');
    let everReady = false;
    const client = createClient({
      url: options.url,
      socket: {
        connectTimeout: options.connectTimeoutMs,
        // A refused first connection is an answer: report it now. Once connected, retry for as long as it takes.
        reconnectStrategy: (retries: number, cause: Error) =>
          everReady ? Math.min(50 * 2 ** retries, 2_000) : cause,
      },
      disableOfflineQueue: true,
      commandOptions: { timeout: options.commandTimeoutMs, rejectInFlight: true },
    }) as unknown as RedisClientType;
    // Without a listener an 'error' event would end the process; the failed call reports it instead.
    client.on('error', () => undefined);
    client.on('ready', () => {
      everReady = true;
    });
    const connection = new RedisConnection(client, options.location);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no connection within ${options.connectTimeoutMs} ms`)),
        options.connectTimeoutMs,
      );
    });
    const connecting = client.connect();
    connecting.catch(() => undefined); // when the timeout wins, its later failure is already reported
    try {
      await Promise.race([connecting, timeout]);
    } catch (error) {
      client.destroy();
      throw connection.#mapped(error);
    } finally {
      clearTimeout(timer);
    }
    return connection;
  }

  /** Runs a script atomically. */
  async run(script: LuaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      try {
        return await this.#client.sendCommand(['EVALSHA', script.sha, ...tail]);
      } catch (error) {
        if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
        return await this.#client.sendCommand(['EVAL', script.source, ...tail]);
      }
    } catch (error) {
      throw this.#mapped(error);
    }
  }

  /** Runs one plain command. */
  async command(args: readonly string[]): Promise<unknown> {
    try {
      return await this.#client.sendCommand([...args]);
    } catch (error) {
      throw this.#mapped(error);
    }
  }

  /** Closes the connection (pending commands are dropped). */
  close(): void {
    this.#client.destroy();
  }

  #mapped(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('KRAKENKIT_CORRUPT') || message.startsWith('WRONGTYPE'))
      return new StoreCorruptError(this.#location, `Redis holds a value krakenkit cannot read: ${message}`, {
        cause: error,
      });
    return new StoreUnavailableError(this.#location, message, { cause: error });
  }
}
