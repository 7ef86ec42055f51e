import { KrakenkitError } from './base.js';
import { KRAKENKIT_CODES } from './codes.js';

/** One problem of a configuration: where it is (file:line:column when known) and what was expected. */
export interface ConfigIssue {
  /** Dotted path of the value at fault (`bots[0].params.levels`); empty for the whole document. */
  path: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Configuration is invalid. Every issue is listed, not just the first. */
export class ConfigError extends KrakenkitError {
  override name = 'ConfigError';
  declare readonly code: typeof KRAKENKIT_CODES.CONFIG;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: { cause?: unknown } = {}) {
    super(issues.map(formatIssue).join('\n'), {
      code: KRAKENKIT_CODES.CONFIG,
      category: 'config',
      cause: options.cause,
    });
    this.issues = [...issues];
  }
}

/** One issue as a line of text: `file:line:column: path: message`, leaving out what is not known. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.file
    ? `${issue.file}${issue.line === undefined ? '' : `:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`}`
    : '';
  const path = issue.path ? `${issue.path}: ` : '';
  return where ? `${where}: ${path}${issue.message}` : `${path}${issue.message}`;
}
