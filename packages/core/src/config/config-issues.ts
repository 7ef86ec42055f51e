import type { z } from 'zod';
import type { ConfigIssue } from '../errors/config-error.js';
import { hiddenNameNote, nameForMessage } from './secret-shape.js';

/** Where a config value sits in its source: 1-based line and column. */
export interface Place {
  line: number;
  column: number;
}

/** Finds where a config path (optionally the key `key` inside it) sits in its source; undefined when unknown. */
export type Locator = (path: readonly PropertyKey[], key?: string) => Place | undefined;

/**
 * Locating an issue walks the document, so a huge file of unknown keys would take quadratic time to report: the
 * first MAX_ISSUES are located and the rest counted.
 */
export const MAX_ISSUES = 100;

/**
 * Turns zod's issues into ConfigIssues: a dotted path, a message saying what was expected, and (with a locator)
 * file:line:column. An unknown key becomes one issue located at the key itself. `prefix` is the path of the
 * validated value inside its document. At most {@link MAX_ISSUES} are located, in the order a reader meets them;
 * a last issue counts the rest.
 */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  file?: string,
  locate?: Locator,
  prefix: readonly PropertyKey[] = [],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  let total = 0;
  for (const issue of issues) total += issue.code === 'unrecognized_keys' ? issue.keys.length : 1;
  for (const issue of issues) {
    if (out.length >= MAX_ISSUES) break;
    const path = prefix.length === 0 ? issue.path : [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys.slice(0, MAX_ISSUES - out.length))
        out.push(unknownKeyIssue(path, key, file, locate));
      continue;
    }
    out.push(withPlace({ path: shownPath(path), message: messageOf(issue) }, file, locate?.(path)));
  }
  sortByPlace(out);
  if (total > out.length) {
    const more: ConfigIssue = { path: '', message: `${total - out.length} more issues not shown` };
    if (file !== undefined) more.file = file;
    out.push(more);
  }
  return out;
}

/** `unknown key "x"`, placed at the key itself: a typo never silently disables a setting. */
export function unknownKeyIssue(
  path: readonly PropertyKey[],
  key: string,
  file: string | undefined,
  locate: Locator | undefined,
): ConfigIssue {
  return withPlace(
    { path: shownPath([...path, key]), message: `unknown key ${nameForMessage(key)}` },
    file,
    locate?.(path, key),
  );
}

/**
 * {@link dotted} for a message: a key that looks like a secret (pasted where a name goes), is very long or holds
 * control characters is replaced by a note saying so, never shown.
 */
export function shownPath(path: readonly PropertyKey[]): string {
  return dotted(path.map((part) => (typeof part === 'string' ? (hiddenNameNote(part) ?? part) : part)));
}

/** Sorts issues in place into the order a reader meets them in the file (unlocated ones last); returns them. */
export function sortByPlace(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort(
    (a, b) =>
      (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

/** A copy of the issue with its file and place, when they are known. */
export function withPlace(
  issue: ConfigIssue,
  file: string | undefined,
  place: Place | undefined,
): ConfigIssue {
  const located: ConfigIssue = { ...issue };
  if (file !== undefined) located.file = file;
  if (place !== undefined) {
    located.line = place.line;
    located.column = place.column;
  }
  return located;
}

/** `bots[0].params.levels` from `['bots', 0, 'params', 'levels']`. */
export function dotted(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** The reverse of {@link dotted}: `guard.rules.pairs.XBT/USD.maxLeverage` → path parts (numbers for `[n]`). */
export function undotted(path: string): PropertyKey[] {
  const parts: PropertyKey[] = [];
  for (const piece of path.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(piece);
    if (match === null) {
      parts.push(piece);
      continue;
    }
    if (match[1] !== '' && match[1] !== undefined) parts.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

function messageOf(issue: z.core.$ZodIssue): string {
  const message = issue.message.replace(/^Invalid (input|option): /, '');
  // Parsed with reportInput, so a key that is absent shows as an issue whose input is undefined.
  if (issue.input === undefined && issue.code !== 'custom') return `required: ${message}`;
  // zod's own wording names what was expected, not what was given: say it, as a name is shown (never a secret).
  if (issue.code === 'invalid_value' || issue.code === 'invalid_type')
    return `${message.replace(/, received \w+$/, '')}, got ${given(issue.input)}`;
  const forms = issue.code === 'invalid_union' ? unionForms(issue) : undefined;
  if (forms !== undefined) return `expected ${forms.join(' or ')}, got ${given(issue.input)}`;
  return message;
}

/**
 * What each branch of a union expected (`number`, `false`), when every branch refused the value itself for its
 * type: zod says only `Invalid input` then. Undefined when a branch went deeper (its own message says more).
 */
function unionForms(issue: z.core.$ZodIssueInvalidUnion): string[] | undefined {
  const forms: string[] = [];
  for (const branch of issue.errors) {
    const [first] = branch;
    if (first === undefined || first.path.length > 0) return undefined;
    if (first.code !== 'invalid_type' && first.code !== 'invalid_value') return undefined;
    const form = /expected (.+?)(?:, received \w+)?$/.exec(first.message)?.[1];
    if (form === undefined) return undefined;
    if (!forms.includes(form)) forms.push(form);
  }
  return forms.length === 0 ? undefined : forms;
}

function given(input: unknown): string {
  if (typeof input === 'string') return nameForMessage(input);
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (input === null) return 'null';
  return Array.isArray(input) ? 'a list' : typeof input === 'object' ? 'a mapping' : typeof input;
}
