// AWS Security Finding Format (SchemaVersion 2018-10-08) for BatchImportFindings. The finding
// Id is the dedup key, so a window's update (or the next window) replaces the finding; the
// severity goes through FindingProviderFields, which Security Hub keeps as the provider's.
// With the default product ARN a finding's AwsAccountId must be the importing account. Files
// (replay, render) take the alert's own account and region: an alert that names neither cannot
// be imported, and says so. The Security Hub sink passes its `importer` (the account and region
// whose Security Hub it calls): the finding lives there, the resource still names the cluster
// in its own account and region, and ProductFields say which account the alert is about.
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

/** The account and region whose Security Hub imports the finding (the sink's own). */
export interface Importer {
  account: string;
  region: string;
}

export interface AsffOptions {
  /** Default: the alert's own account and region. */
  importer?: Importer;
  /** When the finding's window takes no more events (ISO-8601); the sweep archives it then. */
  windowEnds?: string;
  /** The window is over: the finding is archived (Security Hub then resolves its workflow). */
  archived?: boolean;
  /** Overrides the default product ARN (`product/<account>/default`). */
  productArn?: string;
}

/** The default product ARN of an account: what a custom integration imports under. */
export const defaultProductArn = (i: Importer): string => `arn:${partitionOf(i.region)}:securityhub:${i.region}:${i.account}:product/${i.account}/default`;

export function asffFinding(a: Alert, opts: AsffOptions = {}): AsffFinding | null {
  const importer = opts.importer ?? (a.account && a.region ? { account: a.account, region: a.region } : null);
  if (!importer) return null;
  const account = a.account ?? importer.account;
  const region = a.region ?? importer.region;
  const partition = partitionOf(region);
  const resource = a.cluster
    ? { Type: "AwsEksCluster", Id: `arn:${partition}:eks:${region}:${account}:cluster/${a.cluster}`, Partition: partition, Region: region }
    : { Type: "AwsAccount", Id: `AWS::::Account:${account}`, Partition: partition, Region: region };
  const fields: Record<string, string> = {
    "cni-auditor/rule": a.rule,
    "cni-auditor/count": String(a.count),
    "cni-auditor/dedupKey": cap(a.dedupKey, 2048),
  };
  if (account !== importer.account) fields["cni-auditor/account"] = account;
  if (opts.windowEnds) fields["cni-auditor/windowEnds"] = opts.windowEnds;
  if (a.knownIssues.length) fields["cni-auditor/knownIssues"] = cap(a.knownIssues.join(" "), 2048);
  if (a.cluster) fields["cni-auditor/cluster"] = cap(a.cluster, 2048);
  // namespace/category/classifier: a fleet check's "/" (fleet/…) would add a fourth level.
  const types = [`${TYPE_PREFIX}/${a.rule.replace(/\//g, "-")}`];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(a.dedupKey),
    ProductArn: opts.productArn ?? defaultProductArn(importer),
    GeneratorId: `${PRODUCT.name}/${a.rule}`,
    AwsAccountId: importer.account,
    FirstObservedAt: a.firstSeen,
    LastObservedAt: a.lastSeen,
    CreatedAt: a.firstSeen,
    UpdatedAt: a.lastSeen,
    // Severity and Types only here: a provider updates them through FindingProviderFields, and
    // Security Hub fills the top-level ones from it (they are the customer's to change).
    FindingProviderFields: { Severity: { Label: LABEL[a.severity], Original: a.severity }, Types: types },
    Title: cap(a.title, 256),
    Description: cap(`${a.title} (${a.count} event${a.count === 1 ? "" : "s"}, ${a.firstSeen} to ${a.lastSeen})`, 1024),
    Remediation: {
      Recommendation: { Text: cap(firstParagraph(a.remediation) || a.title, 512), ...(a.references[0] ? { Url: a.references[0] } : {}) },
    },
    ...(a.references[0] ? { SourceUrl: a.references[0] } : {}),
    ProductFields: fields,
    Resources: [resource],
    RecordState: opts.archived ? "ARCHIVED" : "ACTIVE",
  };
}

export function asffFindings(alerts: readonly Alert[], opts: AsffOptions = {}): { findings: AsffFinding[]; notes: string[] } {
  const findings: AsffFinding[] = [];
  const notes: string[] = [];
  for (const a of alerts) {
    const f = asffFinding(a, opts);
    if (f) findings.push(f);
    else notes.push(`not in ASFF: ${a.rule} ${a.dedupKey}: a Security Hub finding needs an account and a region (give --account/--region)`);
  }
  return { findings, notes };
}
