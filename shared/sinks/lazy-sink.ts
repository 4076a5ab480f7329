// A sink whose code loads on its first send (payload builders, SDK clients): an invocation that
// sends nothing, most of them, never loads it (issue 6; the bundle budgets in scripts/build.mjs).
import type { AlertSink } from "./sink.ts";
import type { Severity } from "../types.ts";

export function lazySink(name: string, minSeverity: Severity, load: () => Promise<AlertSink>, extra: { resolves?: boolean; sweeps?: boolean } = {}): AlertSink {
  let loaded: Promise<AlertSink> | undefined;
  const sink = () => (loaded ??= load());
  return {
    name,
    minSeverity,
    ...(extra.resolves ? { resolves: true } : {}),
    send: async (d) => (await sink()).send(d),
    ...(extra.sweeps ? { sweep: async (now: number) => (await sink()).sweep?.(now) ?? { done: 0 } } : {}),
  };
}
