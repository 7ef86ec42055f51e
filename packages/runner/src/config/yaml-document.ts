import type { ConfigIssue } from '@krakenkit/client';
import type { Locator } from '@krakenkit/guard';

// One YAML parser with positions for every config file: the guard's (linear duplicate-key check, alias bombs as
// located issues). The runner's bot files and the guard's rule files report errors the same way.
export { parseYamlSource, type YamlSource } from '@krakenkit/guard';

/** Where a config path sits in its YAML source: 1-based line and column. */
export interface Place {
  line: number;
  column: number;
}

/** Finds a path (optionally the key `key` inside it) in the source; undefined for config built in code. */
export type Locate = Locator;

/** Adds file and place to an issue when they are known. */
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
