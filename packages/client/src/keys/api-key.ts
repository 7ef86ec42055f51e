import type { Permission, PermissionFlag } from './permissions.js';

/**
 * An API key as declared in config: what it may do, where it may be used from, and (separately) its secret.
 * Permissions name what the key was created with on Kraken; a call the key does not declare is refused locally.
 */
export interface ApiKeyConfig {
  /** A label for logs and reports (never the key itself). */
  name: string;
  /** The public API key (sent as the API-Key header). */
  apiKey: string;
  /** The base64 private key. Never logged, never in an error. */
  apiSecret: string;
  /** Kraken permission names or their short flags (`trades_modify`). */
  permissions: ReadonlyArray<Permission | PermissionFlag>;
  /** IPs/CIDRs the key is restricted to on Kraken, as a note for audits (Kraken enforces it, not us). */
  ipAllowlist?: readonly string[];
  /** The key's "nonce window" setting on Kraken (0 = strictly increasing; the default). */
  nonceWindow?: number;
  /** Free text: who uses the key and why. */
  notes?: string;
}
