/** Node's timers cap a delay at 2^31 − 1 ms; a longer wait is asked for again by the loop that sleeps. */
const MAX_TIMER_MS = 2_147_483_647;

/** The limiter's default `Sleep`: a timer, cleared (and the wait rejected) when the signal aborts. */
export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
