import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globMatches } from "../../../shared/routing/glob.ts";
import { routeAlert, unknownSinks, type Route, type RoutedAlert } from "../../../shared/routing/routes.ts";

const alert = (over: Partial<RoutedAlert> = {}): RoutedAlert => ({
  rule: "eni-unauthorized",
  severity: "high",
  cluster: "orders-prod",
  account: "111122223333",
  region: "eu-west-1",
  ...over,
});

const SINKS = ["slack:platform", "slack:security", "sns:pager"];

describe("globMatches", () => {
  it("matches * and ? and literal text, as a whole", () => {
    expect(globMatches("prod-*", "prod-eu-1")).toBe(true);
    expect(globMatches("prod-*", "preprod-eu-1")).toBe(false);
    expect(globMatches("*-prod", "orders-prod")).toBe(true);
    expect(globMatches("a?c", "abc")).toBe(true);
    expect(globMatches("a?c", "ac")).toBe(false);
    expect(globMatches("*", "")).toBe(true);
    expect(globMatches("", "x")).toBe(false);
    expect(globMatches("a.c", "abc")).toBe(false); // no regex meaning
    expect(globMatches("[blue]", "[blue]")).toBe(true);
  });

  it("agrees with an anchored regular expression on generated patterns and names", () => {
    const ch = fc.constantFrom("a", "b", "-", "*", "?", ".", "[");
    const name = fc.string({ unit: fc.constantFrom("a", "b", "-", ".", "["), maxLength: 12 });
    fc.assert(
      fc.property(fc.string({ unit: ch, maxLength: 8 }), name, (pattern, text) => {
        const source = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.[\-]/, "\\$&"))).join("");
        expect(globMatches(pattern, text)).toBe(new RegExp(`^${source}$`, "s").test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("stays fast on a hostile pattern (linear-times-stars, no backtracking blow-up)", () => {
    // a*a*a*…b against aaaa…: exponential for a backtracking regex engine. Counting steps
    // would need instrumentation; the answer must simply come back, and be right.
    expect(globMatches("a*".repeat(30) + "b", "a".repeat(5000))).toBe(false);
  });
});

describe("routeAlert", () => {
  it("sends every alert to every sink when no routes are configured (round 1's behaviour)", () => {
    expect(routeAlert([], alert(), SINKS)).toEqual({ sinks: SINKS, sendResolved: false, resolvedTo: [], trace: [] });
  });

  it("first match wins; later routes are not reached", () => {
    const routes: Route[] = [
      { name: "pager", match: { minSeverity: "high" }, to: ["sns:pager"] },
      { name: "rest", match: {}, to: ["slack:platform"] },
    ];
    const d = routeAlert(routes, alert({ severity: "critical" }), SINKS);
    expect(d.sinks).toEqual(["sns:pager"]);
    expect(d.trace).toEqual([
      { route: "pager", matched: true, reached: true },
      { route: "rest", matched: false, reached: false },
    ]);
    const low = routeAlert(routes, alert({ severity: "medium" }), SINKS);
    expect(low.sinks).toEqual(["slack:platform"]);
    expect(low.trace[0]).toEqual({ route: "pager", matched: false, failed: "severity medium is below high", reached: true });
  });

  it("continue adds the sinks of later matching routes, each sink once", () => {
    const routes: Route[] = [
      { match: { rules: ["eni-unauthorized", "credentials-denied"] }, to: ["slack:security"], continue: true },
      { match: { clusters: ["*-prod"] }, to: ["slack:platform", "slack:security"], sendResolved: true },
      { match: {}, to: ["sns:pager"] },
    ];
    const d = routeAlert(routes, alert(), SINKS);
    expect(d.sinks).toEqual(["slack:security", "slack:platform"]);
    expect(d.sendResolved).toBe(true);
    expect(d.trace.map((t) => t.route)).toEqual(["route 1", "route 2", "route 3"]);
  });

  it("conditions are ANDed; an alert without a cluster, account or region matches no list of them", () => {
    const routes: Route[] = [{ match: { clusters: ["*"], accounts: ["111122223333"], regions: ["eu-west-1"] }, to: ["sns:pager"] }];
    expect(routeAlert(routes, alert(), SINKS).sinks).toEqual(["sns:pager"]);
    expect(routeAlert(routes, alert({ cluster: null }), SINKS).trace[0]!.failed).toBe("cluster (none) matches none of *");
    expect(routeAlert(routes, alert({ account: "444455556666" }), SINKS).sinks).toEqual([]);
    expect(routeAlert(routes, alert({ region: null }), SINKS).trace[0]!.failed).toBe("region (none) is not one of eu-west-1");
  });

  it("an alert that no route matches goes nowhere, and the trace says why for each route", () => {
    const d = routeAlert([{ match: { rules: ["addon-deleted"] }, to: ["sns:pager"] }], alert(), SINKS);
    expect(d.sinks).toEqual([]);
    expect(d.trace).toEqual([
      { route: "route 1", matched: false, failed: "rule eni-unauthorized is not one of addon-deleted", reached: true },
    ]);
  });

  it("names the sinks that routes use but no configuration has", () => {
    expect(unknownSinks([{ match: {}, to: ["slack:platform", "slack:sec"] }, { match: {}, to: ["slack:sec"] }], SINKS)).toEqual([
      "slack:sec",
    ]);
  });
});
