/**
 * Describes any value for an error message without throwing: input may come from untyped callers (JSON, YAML, a
 * CLI), and a message must never be the thing that fails. Long text is cut at 80 characters; BigInts, cycles,
 * objects without a prototype and Proxies whose traps throw are all described.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return typeof value;
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
