import type { Logger } from 'pino';
import { describeEvent } from '../status/event-text.js';
import type { SessionEvent } from './session-events.js';

/** Writes a session event to the pino log (refusals and warnings at warn, halts at error). */
export function logSessionEvent(logger: Logger, event: SessionEvent): void {
  const text = describeEvent(event);
  const fields = {
    event: event.type,
    ...('bot' in event && event.bot !== undefined ? { bot: event.bot } : {}),
  };
  switch (event.type) {
    case 'halted':
    case 'bot-halted':
      logger.error({ ...fields, code: event.code }, text);
      return;
    case 'orphans':
      logger.warn({ ...fields, key: event.key, txids: event.orders.map((order) => order.txid) }, text);
      return;
    case 'guard-rejected':
      logger.warn({ ...fields, codes: event.violations.map((violation) => violation.code) }, text);
      return;
    case 'exchange-rejected':
    case 'order-failed':
      logger.warn({ ...fields, code: event.code }, text);
      return;
    case 'warning':
      logger.warn(fields, text);
      return;
    case 'market-data':
      if (event.status.source === 'websocket') logger.info(fields, text);
      else logger.warn(fields, text);
      return;
    case 'store':
      if (event.available) logger.info(fields, text);
      else logger.warn(fields, text);
      return;
    default:
      logger.info(fields, text);
  }
}
