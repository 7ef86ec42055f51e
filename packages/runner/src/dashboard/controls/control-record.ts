import type { Violation } from '@krakenkit/guard';

/** The controls the dashboard offers. */
export type ControlAction =
  | 'pause'
  | 'resume'
  | 'kill-switch'
  | 'cancel-all'
  | 'close-position'
  | 'revoke-key';

/** Who asked for a control: a browser signed in with a login link, or a tool with the API token. */
export type ControlSource = 'dashboard' | 'api';

/**
 * One control as it was carried out: `done`, `refused` (the guard said no: nothing was sent) or `failed` (the
 * exchange or the network did). Kept in the controls page's log and pushed to every page.
 */
export interface ControlRecord {
  at: number;
  action: ControlAction;
  /** What it acted on: a bot, a key, a position, or the account. */
  target: string;
  /** Who asked: `dashboard` (a browser signed in with a login link) or `api` (a tool with the API token). */
  by: ControlSource;
  outcome: 'done' | 'refused' | 'failed';
  detail: string;
  violations?: Violation[];
}
