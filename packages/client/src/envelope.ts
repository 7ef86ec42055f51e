/**
 * Kraken's response envelope: `{ "error": [string...], "result": ... }`. HTTP status is 200 even for API errors;
 * anything else means the answer did not come from Kraken's API (an edge, a proxy, an outage).
 */
import { KRAKENKIT_CODES } from '@krakenkit/core';
import { KrakenError, TransportError } from './errors/index.js';

/** A successful Kraken envelope: the `result` (still unvalidated) and any warnings. */
export interface ParsedEnvelope {
  result: unknown;
  /** Warning strings (`W...`) that came with a successful result. */
  warnings: readonly string[];
}

/**
 * Turns one HTTP answer into the envelope's `result`.
 *
 * - status ≠ 200, malformed JSON or no envelope → `TransportError` with outcome `unknown` (the call reached
 *   something and may have taken effect: for writes, reconcile; for reads, retrying is safe).
 * - non-empty `error` → `KrakenError` with every string verbatim (not `retryable` when it leaves the outcome open
 *   and the call is not `idempotent`). When every entry is a warning (`W` severity)
 *   and a result is present, the result is returned and the warnings are passed along: throwing would report an
 *   order that was placed as failed.
 */
export function parseEnvelope(
  status: number,
  body: string,
  endpoint: string,
  idempotent = true,
): ParsedEnvelope {
  if (status !== 200) {
    throw new TransportError(`${endpoint}: HTTP ${status} instead of a Kraken envelope`, {
      endpoint,
      outcome: 'unknown',
      status,
      code: KRAKENKIT_CODES.HTTP_STATUS,
    });
  }
  const envelope = readEnvelope(body, endpoint);
  const errors = envelope.error;
  if (errors.length === 0) {
    // `"result": null` with no error is not a success either: nothing says what happened.
    if (envelope.result === undefined || envelope.result === null) {
      throw badEnvelope(endpoint, 'it has neither errors nor a result');
    }
    return { result: envelope.result, warnings: NO_WARNINGS };
  }
  if ('result' in envelope && errors.every((text) => text.startsWith('W'))) {
    return { result: envelope.result, warnings: errors };
  }
  throw new KrakenError(errors, endpoint, { idempotent });
}

const NO_WARNINGS: readonly string[] = Object.freeze([]);

interface RawEnvelope {
  error: string[];
  result?: unknown;
}

function readEnvelope(body: string, endpoint: string): RawEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw badEnvelope(endpoint, `the body is not JSON (${body.length} bytes)`, cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badEnvelope(endpoint, 'the body is not a JSON object');
  }
  const error = (parsed as { error?: unknown }).error;
  if (!isStringList(error)) throw badEnvelope(endpoint, '"error" is not an array of strings');
  return parsed as RawEnvelope;
}

function isStringList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}

function badEnvelope(endpoint: string, why: string, cause?: unknown): TransportError {
  return new TransportError(`${endpoint}: malformed Kraken envelope: ${why}`, {
    endpoint,
    outcome: 'unknown',
    code: KRAKENKIT_CODES.BAD_ENVELOPE,
    cause,
  });
}
