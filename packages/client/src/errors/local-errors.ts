import { KrakenkitError } from './base.js';

/** A parameter failed validation before anything was sent. Names the field, the value and what was expected. */
export class ValidationError extends KrakenkitError {
  override name = 'ValidationError';
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(
    field: string,
    value: unknown,
    expected: string,
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(`invalid ${field}: got ${describeValue(value)}, expected ${expected}`, {
      code: options.code ?? 'KRAKENKIT_INVALID_PARAM',
      category: 'validation',
      cause: options.cause,
    });
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}

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
      { code: 'KRAKENKIT_PERMISSION_DENIED', category: 'permission' },
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
      code: 'KRAKENKIT_RATE_LIMITED',
      category: 'rate-limit',
      retryable: true,
    });
    this.counter = counter;
    this.waitMs = waitMs;
  }
}

/** Configuration is invalid. Each issue names where it is (file:line:column when known) and what was expected. */
export interface ConfigIssue {
  path: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export class ConfigError extends KrakenkitError {
  override name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: { cause?: unknown } = {}) {
    super(issues.map(formatIssue).join('\n'), {
      code: 'KRAKENKIT_CONFIG',
      category: 'config',
      cause: options.cause,
    });
    this.issues = [...issues];
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.file
    ? `${issue.file}${issue.line === undefined ? '' : `:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`}`
    : '';
  const path = issue.path ? `${issue.path}: ` : '';
  return where ? `${where}: ${path}${issue.message}` : `${path}${issue.message}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    // A Proxy can throw even here (Symbol.toStringTag goes through its get trap): an error must still be built.
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '[unreadable]';
    }
  }
}
