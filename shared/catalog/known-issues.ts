import type { Severity } from "../types.ts";
import type { Feature } from "./features.ts";
import { inVersionRange } from "./version.ts";
import { VPC_CNI_ENTRIES } from "./entries-vpc-cni.ts";
import { POD_IDENTITY_AGENT_ENTRIES } from "./entries-pod-identity-agent.ts";

/**
 * One catalog entry, with its source. `kind: "issue"` is a defect of a version range.
 * `kind: "requirement"` is something a version range needs that the version and the
 * configuration alone cannot show to be missing (an IAM permission, upgrading one minor at
 * a time, a companion agent): such entries belong in remediation text, not in an alert's
 * `knownIssues` — unless `detectable`, which marks a requirement whose breach the version
 * and features do show (Pod Identity associations below the minimum version).
 */
export interface KnownIssue {
  id: string;
  addon: string;
  kind: "issue" | "requirement";
  detectable?: boolean;
  from: string;
  toExclusive: string | null;
  /** Any of these features must be on; [] = always. */
  when: Feature[];
  /** For requirements that are IAM permissions: the action, e.g. "ec2:DescribeSubnets". */
  iamAction?: string;
  severity: Severity;
  title: string;
  impact: string;
  fix: string;
  fixedIn: string | null;
  /** Issue / PR / documentation URLs: every entry has at least one. */
  references: string[];
}

export const KNOWN_ISSUES: readonly KnownIssue[] = [...VPC_CNI_ENTRIES, ...POD_IDENTITY_AGENT_ENTRIES];

function conditionMet(entry: KnownIssue, features: readonly string[]): boolean {
  return entry.when.length === 0 || entry.when.some((f) => features.includes(f));
}

function applies(entry: KnownIssue, addon: string, version: string, features: readonly string[]): boolean {
  return entry.addon === addon && inVersionRange(version, entry.from, entry.toExclusive) && conditionMet(entry, features);
}

/**
 * Entries whose range contains `version` and whose condition `features` meet. Requirements
 * are left out (their breach is not visible) unless detectable or `includeRequirements`.
 * An unparseable version matches nothing.
 */
export function knownIssuesFor(
  addon: string,
  version: string,
  features: readonly Feature[] | readonly string[],
  opts: { includeRequirements?: boolean } = {},
): KnownIssue[] {
  return KNOWN_ISSUES.filter(
    (e) =>
      applies(e, addon, version, features) &&
      (e.kind === "issue" || e.detectable === true || opts.includeRequirements === true),
  );
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
