import { compareSeverity, type Severity } from "../core/severity.ts";
import type { Feature } from "./features.ts";
import { inVersionRange } from "./version.ts";
import { VPC_CNI_ENTRIES } from "./entries-vpc-cni.ts";
import { VPC_CNI_RECENT_ENTRIES } from "./entries-vpc-cni-recent.ts";
import { NETWORK_POLICY_AGENT_ENTRIES } from "./entries-network-policy-agent.ts";
import { POD_IDENTITY_AGENT_ENTRIES } from "./entries-pod-identity-agent.ts";

/**
 * One catalog entry, with its sources and the date it was last checked against them.
 * - `kind: "issue"`: a defect of a version range.
 * - `kind: "requirement"`: something a version range needs that the version and the
 *   configuration alone cannot show to be missing (an IAM permission, upgrading one minor at
 *   a time, a companion agent): such entries belong in remediation text, not in an alert's
 *   `knownIssues` — unless `detectable`, which marks a requirement whose breach the version
 *   and features do show (Pod Identity associations below the minimum version).
 * - `kind: "note"`: a fact about a version range the auditor itself must know (a missing
 *   user-agent marker); never reported as a finding.
 */
export interface KnownIssue {
  id: string;
  addon: string;
  kind: "issue" | "requirement" | "note";
  detectable?: boolean;
  from: string;
  toExclusive: string | null;
  /** Any of these features must be on; [] = always. */
  when: Feature[];
  /** All of these features must be on as well. */
  whenAll?: Feature[];
  /** None of these features may be on (a default-on behaviour turned off). */
  unless?: Feature[];
  /** A condition the add-on configuration cannot show (subnet tags, other workloads): in words. */
  condition?: string;
  /** For requirements that are IAM permissions: the action, e.g. "ec2:DescribeSubnets". */
  iamAction?: string;
  severity: Severity;
  title: string;
  impact: string;
  fix: string;
  fixedIn: string | null;
  /** The day the entry was last checked against its sources (YYYY-MM-DD). */
  reviewed: string;
  /** Issue / PR / release / documentation URLs: every entry has at least one. */
  references: string[];
}

export const KNOWN_ISSUES: readonly KnownIssue[] = [
  ...VPC_CNI_ENTRIES,
  ...VPC_CNI_RECENT_ENTRIES,
  ...NETWORK_POLICY_AGENT_ENTRIES,
  ...POD_IDENTITY_AGENT_ENTRIES,
];

/** The entry's feature conditions hold for `features` (what the configuration cannot show is not checked). */
export function conditionMet(entry: KnownIssue, features: readonly string[]): boolean {
  return (
    (entry.when.length === 0 || entry.when.some((f) => features.includes(f))) &&
    (entry.whenAll ?? []).every((f) => features.includes(f)) &&
    !(entry.unless ?? []).some((f) => features.includes(f))
  );
}

function applies(entry: KnownIssue, addon: string, version: string, features: readonly string[]): boolean {
  return entry.addon === addon && inVersionRange(version, entry.from, entry.toExclusive) && conditionMet(entry, features);
}

/**
 * Entries whose range contains `version` and whose condition `features` meet. Requirements
 * are left out (their breach is not visible) unless detectable or `includeRequirements`;
 * so are issues with a `condition` the configuration cannot show, unless
 * `includeConditional`; notes always are. An unparseable version matches nothing.
 */
export function knownIssuesFor(
  addon: string,
  version: string,
  features: readonly Feature[] | readonly string[],
  opts: { includeRequirements?: boolean; includeConditional?: boolean } = {},
): KnownIssue[] {
  return worstFirst(
    KNOWN_ISSUES.filter(
      (e) =>
        applies(e, addon, version, features) &&
        (e.condition === undefined || e.kind !== "issue" || opts.includeConditional === true) &&
        (e.kind === "issue" || (e.kind === "requirement" && (e.detectable === true || opts.includeRequirements === true))),
    ),
  );
}

/** Stable: worst severity first, catalog order within a severity (alert titles name the first). */
function worstFirst(entries: KnownIssue[]): KnownIssue[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => compareSeverity(a.e.severity, b.e.severity) || a.i - b.i)
    .map((x) => x.e);
}

/** Requirements that apply to `version` with `features`: notes for remediation text. */
export function requirementsFor(
  addon: string,
  version: string,
  features: readonly Feature[] | readonly string[],
): KnownIssue[] {
  return KNOWN_ISSUES.filter((e) => e.kind === "requirement" && applies(e, addon, version, features));
}

/** Entries that name `iamAction` as needed by `version` (a denial of it makes them visible). */
export function entriesForDeniedAction(addon: string, version: string, iamAction: string): KnownIssue[] {
  return KNOWN_ISSUES.filter(
    (e) => e.addon === addon && e.iamAction === iamAction && inVersionRange(version, e.from, e.toExclusive),
  );
}

export function knownIssueById(id: string): KnownIssue | undefined {
  return KNOWN_ISSUES.find((e) => e.id === id);
}
