import { getJson } from './api.js';
import { useEffect, useState } from './vendor.js';

/**
 * Fetches `path` when the page opens, again whenever `tick` moves (the server pushed news) and every `everyMs`
 * as a fallback. Returns `{ data, error }`.
 */
export function useData(path, tick, everyMs = 5000) {
  const [state, setState] = useState({ data: undefined, error: undefined });
  const [beat, setBeat] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setBeat((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  useEffect(() => {
    let current = true;
    getJson(path).then(
      (data) => current && setState({ data, error: undefined }),
      (error) => current && setState((last) => ({ data: last.data, error: error.message })),
    );
    return () => {
      current = false;
    };
  }, [path, tick, beat]);
  return state;
}
