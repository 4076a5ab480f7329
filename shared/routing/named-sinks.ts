// Named sinks at run time: each `<type>:<name>` entry of the settings becomes its type's sink,
// built by that type's descriptor and renamed, so that its delivery state (sent counts,
// leases, pending) is kept under its own name in the store, apart from every other sink.
import { ConfigError } from "../errors.ts";
import { parseSettings } from "../schema.ts";
import { SINKS, type AlertSink, type SinkDeps, type SinkName } from "../sinks/index.ts";
import { NAMED_SINK, type NamedSinkSpecs } from "./settings-schema.ts";
import { unknownSinks, type Route } from "./routes.ts";

/** `sink` under another name (its state in the store is kept under that name). */
export function renamedSink(sink: AlertSink, name: string): AlertSink {
  return { name, minSeverity: sink.minSeverity, send: (d) => sink.send(d) };
}

type AnyDescriptor = { settings: (typeof SINKS)[SinkName]["settings"]; create(s: unknown, deps: SinkDeps): AlertSink };

export function createNamedSinks(specs: NamedSinkSpecs, deps: SinkDeps = {}): AlertSink[] {
  return Object.entries(specs).map(([name, vars]) => {
    const type = NAMED_SINK.exec(name)?.[1] as SinkName | undefined;
    if (!type || !(type in SINKS)) throw new ConfigError(`sinks: ${JSON.stringify(name)} is not a known sink type`);
    const d = SINKS[type] as unknown as AnyDescriptor;
    const settings = parseSettings(d.settings, vars, `sinks.${name}`);
    if (settings === null) throw new ConfigError(`sinks.${name} configures nothing`);
    return renamedSink(d.create(settings, deps), name);
  });
}

/** Routes naming a sink that is not configured are a ConfigError (found at cold start, before any alert). */
export function checkRoutes(routes: readonly Route[], sinks: readonly AlertSink[]): void {
  const missing = unknownSinks(routes, sinks.map((s) => s.name));
  if (missing.length > 0) {
    throw new ConfigError(`routes name sinks that are not configured: ${missing.join(", ")} (configured: ${sinks.map((s) => s.name).join(", ") || "none"})`);
  }
}
