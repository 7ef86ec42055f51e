import type { ConfigIssue } from '@krakenkit/client';
import type { z } from 'zod';

/** Finds where a config path sits in its source (YAML), when there is one. */
export type Locator = (
  path: readonly PropertyKey[],
  key?: string,
) => { line: number; column: number } | undefined;

/**
 * Turns zod's issues into ConfigIssues: a dotted path, a message saying what was expected, and (with a locator)
 * file:line:column. Unknown keys become one issue each, located at the key itself.
 */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  file?: string,
  locate?: Locator,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const total = issues.reduce(
    (sum, issue) => sum + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1),
    0,
  );
  for (const issue of issues) {
    if (out.length >= MAX_ISSUES) break;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys.slice(0, MAX_ISSUES - out.length)) {
        out.push(
          withPlace(
            { path: dotted([...issue.path, key]), message: `unknown key "${key}"` },
            file,
            locate?.(issue.path, key),
          ),
        );
      }
      continue;
    }
    out.push(withPlace({ path: dotted(issue.path), message: messageOf(issue) }, file, locate?.(issue.path)));
  }
  // In the order a reader meets them in the file (zod reports in schema order); unlocated ones last.
  out.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  if (total > out.length) {
    const more: ConfigIssue = { path: '', message: `${total - out.length} more issues not shown` };
    if (file !== undefined) more.file = file;
    out.push(more);
  }
  return out;
}

/**
 * Locating an issue walks the document, so a huge file of unknown keys would take quadratic time to report: the
 * first MAX_ISSUES are located and the rest counted.
 */
const MAX_ISSUES = 100;

function messageOf(issue: z.core.$ZodIssue): string {
  // Parsed with reportInput, so a key that is absent shows as an issue whose input is undefined.
  const message = issue.message.replace(/^Invalid (input|option): /, '');
  return issue.input === undefined && issue.code !== 'custom' ? `required: ${message}` : message;
}

function withPlace(
  issue: ConfigIssue,
  file: string | undefined,
  place: { line: number; column: number } | undefined,
) {
  const located: ConfigIssue = { ...issue };
  if (file !== undefined) located.file = file;
  if (place !== undefined) {
    located.line = place.line;
    located.column = place.column;
  }
  return located;
}

function dotted(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
    .join('.')
    .replace(/\.\[/g, '[');
}
