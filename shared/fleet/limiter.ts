// A tiny concurrency limiter: at most `limit` tasks run at once (EKS read APIs throttle
// per account and region; the SDK retries throttled calls, this keeps them rare).
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimit(limit: number): Limit {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can
    // slip in between and exceed the limit.
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
