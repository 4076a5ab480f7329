// Routing: which named sinks an alert goes to. Routes are tried in order; the first that
// matches decides, unless it says `continue`, in which case later matching routes add their
// sinks too (Alertmanager's semantics). No routes configured: every alert to every sink.
import { atLeast, type Severity } from "../core/severity.ts";
import type { Alert } from "../types.ts";
import { globMatches } from "./glob.ts";

/** Conditions are ANDed; values inside one list are ORed; an absent list matches anything. */
export interface RouteMatch {
  rules?: string[];
  /** The alert's severity is this or worse. */
  minSeverity?: Severity;
  /** Globs (`prod-*`) over the cluster name; an alert without a cluster matches none. */
  clusters?: string[];
  accounts?: string[];
  regions?: string[];
}

export interface Route {
  /** Shown by `cni-auditor route`; defaults to the route's position ("route 2"). */
  name?: string;
  match: RouteMatch;
  /** Named sinks, e.g. `slack:platform`, `sns:pager`. */
  to: string[];
  /** Keep looking at later routes after this one matched. */
  continue?: boolean;
  /** Send one "resolved" message when the key stays quiet for a whole window. */
  sendResolved?: boolean;
}

/** The fields of an alert that routes and silences look at. */
export type RoutedAlert = Pick<Alert, "rule" | "severity" | "cluster" | "account" | "region">;

export interface RouteDecision {
  /** Sinks in first-named order, each once. */
  sinks: string[];
  /** Whether any matched route asks for resolved messages. */
  sendResolved: boolean;
  /** The sinks of the matched routes that ask for them. */
  resolvedTo: string[];
  /** Every route looked at, in order, and why it did or did not match (for `cni-auditor route`). */
  trace: RouteTrace[];
}

export interface RouteTrace {
  route: string;
  matched: boolean;
  /** For a route that did not match: the first condition that failed. */
  failed?: string;
  /** Routes after a final match are not looked at. */
  reached: boolean;
}


/** The first condition of `m` that `alert` fails, or null when it matches. */
export function failedCondition(m: RouteMatch, alert: RoutedAlert): string | null {
  if (m.rules && !m.rules.includes(alert.rule)) return `rule ${alert.rule} is not one of ${m.rules.join(", ")}`;
  if (m.minSeverity && !atLeast(alert.severity, m.minSeverity)) {
    return `severity ${alert.severity} is below ${m.minSeverity}`;
  }
  if (m.clusters && (alert.cluster === null || !m.clusters.some((g) => globMatches(g, alert.cluster!)))) {
    return `cluster ${alert.cluster ?? "(none)"} matches none of ${m.clusters.join(", ")}`;
  }
  if (m.accounts && (alert.account === null || !m.accounts.includes(alert.account))) {
    return `account ${alert.account ?? "(none)"} is not one of ${m.accounts.join(", ")}`;
  }
  if (m.regions && (alert.region === null || !m.regions.includes(alert.region))) {
    return `region ${alert.region ?? "(none)"} is not one of ${m.regions.join(", ")}`;
  }
  return null;
}

export function routeName(route: Route, index: number): string {
  return route.name ?? `route ${index + 1}`;
}

/** Where `alert` goes: with no routes, to `allSinks`; with routes, to what the matching ones name. */
export function routeAlert(routes: readonly Route[], alert: RoutedAlert, allSinks: readonly string[]): RouteDecision {
  if (routes.length === 0) return { sinks: [...allSinks], sendResolved: false, resolvedTo: [], trace: [] };
  const sinks: string[] = [];
  const resolvedTo: string[] = [];
  const trace: RouteTrace[] = [];
  let sendResolved = false;
  let done = false;
  routes.forEach((route, i) => {
    const name = routeName(route, i);
    if (done) {
      trace.push({ route: name, matched: false, reached: false });
      return;
    }
    const failed = failedCondition(route.match, alert);
    if (failed !== null) {
      trace.push({ route: name, matched: false, failed, reached: true });
      return;
    }
    trace.push({ route: name, matched: true, reached: true });
    for (const s of route.to) if (!sinks.includes(s)) sinks.push(s);
    sendResolved ||= route.sendResolved === true;
    if (route.sendResolved === true) for (const s of route.to) if (!resolvedTo.includes(s)) resolvedTo.push(s);
    done = route.continue !== true;
  });
  return { sinks, sendResolved, resolvedTo, trace };
}

/** Names a route uses that no configured sink has: a settings error, found before deploy. */
export function unknownSinks(routes: readonly Route[], allSinks: readonly string[]): string[] {
  const known = new Set(allSinks);
  return [...new Set(routes.flatMap((r) => r.to).filter((s) => !known.has(s)))];
}
