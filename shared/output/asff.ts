// AWS Security Finding Format (SchemaVersion 2018-10-08) for BatchImportFindings. The finding
// Id is the dedup key, so a window's update (or the next window) replaces the finding; the
// severity goes through FindingProviderFields, which Security Hub keeps as the provider's.
// With the default product ARN a finding's AwsAccountId must be the importing account:
// an alert that names no account or region cannot be imported, and says so.
import { createHash } from "node:crypto";
import type { Alert, Severity } from "../types.ts";
import { partitionOf, PRODUCT } from "./product.ts";

export const ASFF_SCHEMA_VERSION = "2018-10-08";
const LABEL: Record<Severity, string> = { info: "INFORMATIONAL", low: "LOW", medium: "MEDIUM", high: "HIGH", critical: "CRITICAL" };
/** The namespace/category/classifier of every finding: a configuration or permission fault. */
const TYPE_PREFIX = "Software and Configuration Checks/Amazon VPC CNI";

export interface AsffFinding {
  SchemaVersion: string;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  [field: string]: unknown;
}

/** `max` characters at most (the API's length limits), marked when cut. */
function cap(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Ids are at most 512 characters: a longer key (long ARNs) keeps its start and a digest. */
export function asffId(dedupKey: string): string {
  if (dedupKey.length <= 512) return dedupKey;
  const digest = createHash("sha256").update(dedupKey).digest("hex");
  return `${dedupKey.slice(0, 512 - 65)}#${digest}`;
}

/** The first paragraph of the remediation, without Markdown markers, for Recommendation.Text. */
function firstParagraph(markdown: string): string {
  const para = markdown.trim().split(/\n\s*\n/)[0] ?? "";
  return para.replace(/\\(.)/g, "$1").replace(/\*\*|`/g, "").replace(/\s+/g, " ").trim();
}

export function asffFinding(a: Alert, productArn?: string): AsffFinding | null {
  if (!a.account || !a.region) return null;
  const partition = partitionOf(a.region);
  const resource = a.cluster
    ? { Type: "AwsEksCluster", Id: `arn:${partition}:eks:${a.region}:${a.account}:cluster/${a.cluster}`, Partition: partition, Region: a.region }
    : { Type: "AwsAccount", Id: `AWS::::Account:${a.account}`, Partition: partition, Region: a.region };
  const fields: Record<string, string> = {
    "cni-auditor/rule": a.rule,
    "cni-auditor/count": String(a.count),
    "cni-auditor/dedupKey": cap(a.dedupKey, 2048),
  };
  if (a.knownIssues.length) fields["cni-auditor/knownIssues"] = cap(a.knownIssues.join(" "), 2048);
  if (a.cluster) fields["cni-auditor/cluster"] = cap(a.cluster, 2048);
  // namespace/category/classifier: a fleet check's "/" (fleet/…) would add a fourth level.
  const types = [`${TYPE_PREFIX}/${a.rule.replace(/\//g, "-")}`];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(a.dedupKey),
    ProductArn: productArn ?? `arn:${partition}:securityhub:${a.region}:${a.account}:product/${a.account}/default`,
    GeneratorId: `${PRODUCT.name}/${a.rule}`,
    AwsAccountId: a.account,
    Types: types,
    FirstObservedAt: a.firstSeen,
    LastObservedAt: a.lastSeen,
    CreatedAt: a.firstSeen,
    UpdatedAt: a.lastSeen,
    Severity: { Label: LABEL[a.severity], Original: a.severity },
    FindingProviderFields: { Severity: { Label: LABEL[a.severity], Original: a.severity }, Types: types },
    Title: cap(a.title, 256),
    Description: cap(`${a.title} (${a.count} event${a.count === 1 ? "" : "s"}, ${a.firstSeen} to ${a.lastSeen})`, 1024),
    Remediation: {
      Recommendation: { Text: cap(firstParagraph(a.remediation) || a.title, 512), ...(a.references[0] ? { Url: a.references[0] } : {}) },
    },
    ...(a.references[0] ? { SourceUrl: a.references[0] } : {}),
    ProductFields: fields,
    Resources: [resource],
    RecordState: "ACTIVE",
  };
}

export function asffFindings(alerts: readonly Alert[], productArn?: string): { findings: AsffFinding[]; notes: string[] } {
  const findings: AsffFinding[] = [];
  const notes: string[] = [];
  for (const a of alerts) {
    const f = asffFinding(a, productArn);
    if (f) findings.push(f);
    else notes.push(`not in ASFF: ${a.rule} ${a.dedupKey}: a Security Hub finding needs an account and a region (give --account/--region)`);
  }
  return { findings, notes };
}
