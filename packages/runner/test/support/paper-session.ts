import type { Account } from '@krakenkit/mock-exchange';
import { loadBotConfig } from '../../src/config/load.js';
import type { Session, SessionOptions } from '../../src/engine/session.js';
import { startSession } from '../../src/engine/start-session.js';

/** Starts a session on the embedded mock from YAML text. */
export async function startPaper(yaml: string, options: SessionOptions = {}): Promise<Session> {
  return startSession(loadBotConfig(yaml, { file: 'test.yaml' }), options);
}

/** The paper account on the session's embedded exchange (still readable after the session closed it). */
export function paperAccount(session: Session): Account {
  const mock = session.connection.mock;
  if (mock === undefined) throw new Error('not a mock session');
  return mock.exchange.account('paper');
}
