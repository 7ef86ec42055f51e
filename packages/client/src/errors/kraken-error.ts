import { KrakenkitError } from '@krakenkit/core';
import { classifyKrakenError, normalizeKrakenCode, throttledUntilMs } from './classify.js';

/**
 * An error Kraken (or the mock exchange) returned in the `error` array of its envelope.
 * `code` is Kraken's exact string of the first error (verbatim, unknown strings included; warnings before it are
 * skipped); `errors` holds all of them.
 */
export class KrakenError extends KrakenkitError {
  override name = 'KrakenError';
  /** Every string of the envelope's `error` array, verbatim. */
  readonly errors: readonly string[];
  /** The endpoint that answered, e.g. `AddOrder`. */
  readonly endpoint: string;
  /** True when the call may have taken effect despite the error (e.g. `EService:Unavailable` on AddOrder). */
  readonly ambiguous: boolean;
  /** From `EService: Throttled: <ts>`: epoch ms after which a retry may be sent. */
  readonly retryAt: number | undefined;

  /**
   * `idempotent: false`: the call must not be repeated blindly (an order, a withdrawal), so an error that leaves its
   * outcome open (`ambiguous`) is not `retryable` for it: repeating could do it twice.
   */
  constructor(
    errors: readonly string[],
    endpoint: string,
    options: { cause?: unknown; idempotent?: boolean } = {},
  ) {
    // A warning (`W` severity) listed before the error did not fail the call: the first error names it.
    const first = errors.find((text) => !text.startsWith('W')) ?? errors[0] ?? 'EGeneral:Unknown error';
    const cls = classifyKrakenError(first);
    super(`${endpoint}: ${errors.join('; ')}`, {
      code: first,
      category: cls.category,
      retryable: cls.retryable && !(cls.ambiguous && options.idempotent === false),
      cause: options.cause,
    });
    this.errors = [...errors];
    this.endpoint = endpoint;
    this.ambiguous = cls.ambiguous;
    this.retryAt = throttledUntilMs(first);
  }

  /** True when this error's code starts with `prefix` (spacing after ':' is ignored on both sides). */
  is(prefix: string): boolean {
    return normalizeKrakenCode(this.code).startsWith(normalizeKrakenCode(prefix));
  }
}
