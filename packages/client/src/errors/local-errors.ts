import { KRAKENKIT_CODES, KrakenkitError } from '@krakenkit/core';

/** The key's declared permissions do not cover the call; nothing was sent. */
export class PermissionError extends KrakenkitError {
  override name = 'PermissionError';
  readonly endpoint: string;
  readonly keyName: string;
  /** Any one of these permissions would allow the call. */
  readonly required: readonly string[];

  constructor(endpoint: string, keyName: string, required: readonly string[]) {
    super(
      `key "${keyName}" may not call ${endpoint}: it needs ${required.map((p) => `"${p}"`).join(' or ')}, which it does not declare`,
      { code: KRAKENKIT_CODES.PERMISSION_DENIED, category: 'permission' },
    );
    this.endpoint = endpoint;
    this.keyName = keyName;
    this.required = [...required];
  }
}

/** Fail-fast mode: the call would break a rate budget, so it was not sent. */
export class RateLimitError extends KrakenkitError {
  override name = 'RateLimitError';
  readonly counter: 'rest' | 'trading' | 'throttle';
  readonly waitMs: number;

  constructor(counter: 'rest' | 'trading' | 'throttle', waitMs: number, detail: string) {
    super(`${detail}; would have to wait ${Math.ceil(waitMs)} ms`, {
      code: KRAKENKIT_CODES.RATE_LIMITED,
      category: 'rate-limit',
      retryable: true,
    });
    this.counter = counter;
    this.waitMs = waitMs;
  }
}
