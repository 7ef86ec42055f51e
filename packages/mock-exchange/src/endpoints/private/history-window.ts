import { invalidArgument } from '../../core/rejection.js';
import type { Params } from '../params.js';

const PAGE = 50;

/**
 * Kraken's history paging: `start` (exclusive) and `end` (inclusive) as unix seconds or as an id (whose time is
 * used), most recent first, 50 per page from `ofs`; `count` is the total before paging.
 */
export function page<T>(
  items: readonly T[],
  params: Params,
  timeOf: (item: T) => number,
  timeOfId: (id: string) => number | undefined,
): { items: T[]; count: number } {
  const start = bound(params.optText('start'), timeOfId, 'start');
  const end = bound(params.optText('end'), timeOfId, 'end');
  const ofs = params.optInt('ofs', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const selected = items
    .filter((item) => {
      const t = timeOf(item);
      return (start === undefined || t > start) && (end === undefined || t <= end);
    })
    .sort((a, b) => timeOf(b) - timeOf(a));
  return { items: selected.slice(ofs, ofs + PAGE), count: selected.length };
}

function bound(
  text: string | undefined,
  timeOfId: (id: string) => number | undefined,
  name: string,
): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const time = timeOfId(text);
  if (time === undefined) throw invalidArgument(name);
  return time;
}
