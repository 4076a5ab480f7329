// Perf (issue 6): an object built on first use, still once per container. SDK clients resolve
// their whole configuration when built; at import time that is part of every cold start, and
// many invocations never call the client (most audit-logs/cloudtrail invocations send no
// alert, so never need SNS). A Proxy builds the real object on first property access and
// forwards to it (methods bound to it).
export function lazy<T extends object>(make: () => T): T {
  let real: T | undefined;
  return new Proxy({} as T, {
    get(_, prop) {
      real ??= make();
      const value: unknown = Reflect.get(real, prop, real);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
  });
}
