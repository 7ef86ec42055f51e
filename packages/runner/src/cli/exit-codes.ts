/**
 * Exit codes of the `krakenkit` CLI, stable for scripts:
 * - 0   success (run finished its duration; config valid; keys audit clean; guard would allow the order)
 * - 1   runtime failure (the exchange kept failing, an unexpected error)
 * - 2   usage or config error (bad flags, invalid YAML, unknown pair): nothing was started
 * - 3   refused: `guard check` rejected the order, or `keys audit` (also run's start-up audit) found errors
 * - 4   halted: a key stopped working while trading (`EAPI:Invalid key`, or another run.haltOn code)
 * - 5   already running: a bot of the config runs on the same key in another live session (its lease is held)
 * - 130 interrupted by Ctrl-C (SIGINT) after a graceful shutdown; 143 for SIGTERM
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  refused: 3,
  halted: 4,
  alreadyRunning: 5,
  interrupted: 130,
  terminated: 143,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
