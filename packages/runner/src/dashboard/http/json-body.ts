import type { IncomingMessage } from 'node:http';
import { DASHBOARD_CODES, DashboardRequestError } from '../dashboard-errors.js';

/** Bounds of a request body: controls take a few small fields. */
export interface BodyLimits {
  /** Bytes (default 16 KiB). */
  maxBytes: number;
  /** Nesting of objects and arrays (default 4). */
  maxDepth: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 16 * 1024, maxDepth: 4 };

/**
 * Reads a JSON object body within `limits`: `Content-Type: application/json` (a cross-site form cannot send it
 * without a preflight, which is never granted), at most `maxBytes` (read stops there), at most `maxDepth` deep.
 * An empty body is `{}`.
 */
export async function readJsonBody(
  request: IncomingMessage,
  limits: BodyLimits = DEFAULT_BODY_LIMITS,
): Promise<Record<string, unknown>> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    throw new DashboardRequestError(415, DASHBOARD_CODES.notJson, 'send Content-Type: application/json');
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > limits.maxBytes) throw tooLarge(limits);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limits.maxBytes) throw tooLarge(limits);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DashboardRequestError(400, DASHBOARD_CODES.badJson, 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DashboardRequestError(400, DASHBOARD_CODES.badJson, 'the body must be a JSON object');
  if (depthOf(value, limits.maxDepth + 1) > limits.maxDepth)
    throw new DashboardRequestError(
      400,
      DASHBOARD_CODES.tooDeep,
      `the body nests deeper than ${limits.maxDepth} levels`,
    );
  return value as Record<string, unknown>;
}

function tooLarge(limits: BodyLimits): DashboardRequestError {
  return new DashboardRequestError(
    413,
    DASHBOARD_CODES.bodyTooLarge,
    `the body is larger than ${limits.maxBytes} bytes`,
  );
}

// Stops counting past `cap`: a hostile body cannot make the check itself deep.
function depthOf(value: unknown, cap: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) {
    if (deepest + 1 >= cap) break;
    deepest = Math.max(deepest, depthOf(child, cap - 1));
  }
  return deepest + 1;
}

/** A string field of a body, or a 400 naming it and what it held. */
export function stringField(body: Record<string, unknown>, name: string, maxLength = 200): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength)
    throw new DashboardRequestError(
      400,
      DASHBOARD_CODES.badField,
      `field "${name}": expected a string of 1 to ${maxLength} characters, ${received(name, value)}`,
    );
  return value;
}

// Enough of a rejected value to see the mistake; bounded, so an answer stays small whatever was sent.
const SHOWN_CHARACTERS = 64;
// A field whose name says it may hold a credential: its value is never repeated, not even to its sender (an
// answer can end up in a proxy's log or a bug report). No field the dashboard reads is one today.
const SECRET_FIELD = /token|secret|passw|key|auth|signature|credential|otp/i;

/**
 * What a refusal says field `name` held: `got "BOGUS"`, `got 42`, `got an object`, `got nothing`. A string is
 * JSON-quoted and cut at 64 characters; an object or array is named by kind only (its members could be anything);
 * a field named like a credential has its value left out.
 */
export function received(name: string, value: unknown): string {
  if (value === undefined) return 'got nothing';
  if (SECRET_FIELD.test(name)) return 'got a value not shown here (it may be a secret)';
  return `got ${shownValue(value)}`;
}

/** A value as a message shows it: see {@link received} (without the field-name check). */
export function shownValue(value: unknown): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value !== 'string') return `a ${typeof value}`;
  if (value.length <= SHOWN_CHARACTERS) return JSON.stringify(value);
  // Cut between code points: half a surrogate pair would show as an escape, not as what was sent.
  const cut = /[\uD800-\uDBFF]$/.test(value.slice(0, SHOWN_CHARACTERS))
    ? SHOWN_CHARACTERS - 1
    : SHOWN_CHARACTERS;
  return `${JSON.stringify(value.slice(0, cut))}… (${value.length} characters)`;
}

/** An optional string field. */
export function optionalStringField(
  body: Record<string, unknown>,
  name: string,
  maxLength = 200,
): string | undefined {
  return body[name] === undefined ? undefined : stringField(body, name, maxLength);
}
