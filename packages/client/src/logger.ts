/**
 * The krakenkit logger: pino, with every path that could carry a credential redacted. The client itself never
 * puts a secret, a signature or an otp into a log record; redaction is the second line of defence for records
 * that user code builds (e.g. logging a key config or a request's headers).
 */
import { type DestinationStream, type Level, type Logger, pino } from 'pino';

/** Censor written in place of redacted values. */
export const REDACTED = '[redacted]';

const SECRET_FIELDS = [
  'apiSecret',
  'secret',
  'privateKey',
  'otp',
  'API-Sign',
  'API-Key',
  'apiKey',
  'signature',
];

/** Redaction paths: each sensitive field at the top level, one and two levels down, and inside `headers`. */
export const REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const dotted = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${dotted}`, `*.*${dotted}`, `headers${dotted}`, `*.headers${dotted}`];
});

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level; default `info`. Use `silent` to turn logging off. */
  level?: Level | 'silent';
  /** Where records go (a file, a memory stream in tests); default stdout. */
  destination?: DestinationStream;
  /** Bound into every record, e.g. `{ bot: 'grid-1' }`. */
  base?: Record<string, unknown>;
}

/** Creates a pino logger with krakenkit's redaction paths and censor. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    base: options.base ?? {},
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

/** A logger that drops everything (the client's default: a library stays quiet unless asked). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
