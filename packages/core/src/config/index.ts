/**
 * `@krakenkit/core/config`: building blocks for config loaders that report every problem at file:line:column,
 * as the guard's and the runner's YAML loaders do: the bounded YAML reader (`parseYamlSource`), located issues
 * from zod (`issuesFromZod`, at most `MAX_ISSUES`), path helpers, the zod schemas of money fields and of the
 * shipped tier, allowance and fee tables, and the checks that keep a value shaped like a secret out of messages
 * (`looksLikeSecret`, `nameForMessage`). The error such a loader throws, `ConfigError`, and `formatIssue` are in
 * the root entry, because callers catch them.
 *
 * @module @krakenkit/core/config
 */

export { moneySchema } from '../money/money-schema.js';
export {
  allowanceRowsSchema,
  allowanceTableSchema,
  feeScheduleSchema,
  tierTableSchema,
  tradingCounterSchema,
} from '../tables/table-schemas.js';
export {
  dotted,
  issuesFromZod,
  type Locator,
  MAX_ISSUES,
  type Place,
  sortByPlace,
  undotted,
  unknownKeyIssue,
  withPlace,
} from './config-issues.js';
export { hiddenNameNote, looksLikeSecret, MAX_SHOWN_NAME, nameForMessage } from './secret-shape.js';
export { parseYamlSource, type YamlSource } from './yaml-source.js';
