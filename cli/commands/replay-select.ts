import { ConfigError } from "../../shared/errors.ts";
import { atLeast } from "../../shared/core/severity.ts";
import { RULE_IDS } from "../../shared/rules/ids.ts";
import type { Alert, FoldedAlert, Placement } from "../../shared/types.ts";
import type { ReplayOptions } from "../options.ts";
import { closest } from "../suggest.ts";

/**
 * `--cluster/--account/--region` fill in what an alert still lacks once its window is folded,
 * never what one of its records named: a window that mixes records naming `orders-prod` with
 * records naming no cluster is `orders-prod`'s. (Filling each record before the fold let a
 * default outvote the record that named the cluster.)
 */
export function fillPlacement(alert: FoldedAlert, fill: ReplayOptions["placement"]): FoldedAlert {
  const placed: Placement = {
    cluster: alert.cluster ?? fill.cluster ?? null,
    account: alert.account ?? fill.account ?? null,
    region: alert.region ?? fill.region ?? null,
  };
  return { ...alert, ...placed };
}

/** Rule ids of `--only-rule` must exist: a typo would silently print nothing. */
export function checkRuleFilter(rules: readonly string[]): void {
  for (const r of rules) {
    if ((RULE_IDS as readonly string[]).includes(r)) continue;
    const hint = closest(r, RULE_IDS);
    throw new ConfigError(`--only-rule: no rule "${r}"${hint ? ` (did you mean ${hint}?)` : ""}; see cni-auditor rules`);
  }
}

/** The alerts the filters let through: each non-empty list must contain the alert's value. */
export function selectAlerts(alerts: readonly Alert[], opts: Pick<ReplayOptions, "only" | "minSeverity">): Alert[] {
  const { clusters, rules, accounts, regions } = opts.only;
  const admits = (list: string[], v: string | null): boolean => list.length === 0 || (v !== null && list.includes(v));
  return alerts.filter(
    (a) =>
      atLeast(a.severity, opts.minSeverity) &&
      admits(clusters, a.cluster) &&
      admits(rules, a.rule) &&
      admits(accounts, a.account) &&
      admits(regions, a.region),
  );
}
