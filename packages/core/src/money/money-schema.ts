import { z } from 'zod';

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * A money or quantity field of a config file: a quoted non-negative decimal string. An unquoted YAML number is
 * refused with a message that says to quote it, as a JS float would be refused in code.
 */
export const moneySchema = z.custom<string>(
  (value) => typeof value === 'string' && DECIMAL_TEXT.test(value),
  {
    error: (issue) =>
      typeof issue.input === 'number'
        ? `expected a decimal string, got number ${issue.input} (quote it: "${issue.input}"; money is never a float)`
        : `expected a non-negative decimal string such as "0.25", got ${shown(issue.input)}`,
  },
);
