import type { ConfigIssue } from '@krakenkit/client';
import type { z } from 'zod';
import { type Locate, withPlace } from './yaml-document.js';

/**
 * Turns zod issues into ConfigIssues: a dotted path, what was expected and, with a locator, file:line:column.
 * An unknown key becomes one issue located at the key itself. Sorted in reading order of the file.
 */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  file: string | undefined,
  locate: Locate | undefined,
  prefix: readonly PropertyKey[] = [],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(unknownKeyIssue(path, key, file, locate));
      continue;
    }
    out.push(withPlace({ path: dotted(path), message: messageOf(issue) }, file, locate?.(path)));
  }
  return sortByPlace(out);
}

/** `unknown key "x"`, placed at the key itself. */
export function unknownKeyIssue(
  path: readonly PropertyKey[],
  key: string,
  file: string | undefined,
  locate: Locate | undefined,
): ConfigIssue {
  const message = `unknown key "${key}" (a typo never silently disables a setting)`;
  return withPlace({ path: dotted([...path, key]), message }, file, locate?.(path, key));
}

/** Issues in the order a reader meets them in the file; unlocated ones last. */
export function sortByPlace(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort(
    (a, b) =>
      (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
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
  // Parsed with reportInput: an absent key shows up as an issue whose input is undefined.
  return issue.input === undefined && issue.code !== 'custom' ? `required: ${message}` : message;
}
