import type { DashboardSource } from '../data/source.js';

/**
 * The last check before an answer leaves: no API key and no secret the process knows may be in it. The views are
 * built from allow-listed fields and never hold one; this screen makes a mistake there a refused answer (500)
 * rather than a leak.
 */
export class SecretScreen {
  readonly #secrets: string[];

  constructor(source: DashboardSource) {
    const secrets: string[] = [];
    for (const apiKey of source.connection.apiKeys.values()) {
      secrets.push(apiKey);
      // The embedded mock holds each paper key's secret: screen that too.
      const key = source.connection.mock?.state.accounts.key(apiKey);
      if (key !== undefined) secrets.push(key.secret.toString('base64'));
    }
    this.#secrets = secrets.filter((secret) => secret.length >= 8);
  }

  /** True when `text` holds none of the secrets. */
  clean(text: string): boolean {
    return this.#secrets.every((secret) => !text.includes(secret));
  }

  /**
   * Stricter, for a refusal that repeats a value cut at 64 characters (a secret sent there would be shown only in
   * part, which {@link clean} would pass): true when `text` holds not even the first 8 characters of a secret.
   */
  cleanOfPrefixes(text: string): boolean {
    return this.#secrets.every((secret) => !text.includes(secret.slice(0, 8)));
  }
}
