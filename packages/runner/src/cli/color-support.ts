import type { Environment } from '../config/credentials.js';
import type { CliStream } from './io.js';

// The values of FORCE_COLOR that turn colour on, as Node reads them (`0`, `false` or anything else: off).
const FORCE_COLOR_ON = new Set(['', '1', '2', '3', 'true']);

/**
 * Whether to colour what goes to `stream`. FORCE_COLOR decides when set (it wins over NO_COLOR, as in Node);
 * else NO_COLOR (any non-empty value) and NODE_DISABLE_COLORS turn colour off; else only a TTY that says it shows
 * colour (TERM=dumb does not) gets it. Logs, pipes and CI output stay plain.
 */
export function colorWanted(stream: CliStream, env: Environment): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return FORCE_COLOR_ON.has(force);
  if ((env['NO_COLOR'] ?? '') !== '' || env['NODE_DISABLE_COLORS'] !== undefined) return false;
  if (stream.isTTY !== true) return false;
  if (stream.hasColors !== undefined) return stream.hasColors(env);
  return env['TERM'] !== 'dumb';
}
