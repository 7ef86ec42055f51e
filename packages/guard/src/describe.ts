/**
 * Describes any value for a message without throwing. Intents may come from untyped callers (JSON, YAML, a CLI),
 * and a message must never be the thing that fails: objects without a prototype, BigInts and cycles included.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
