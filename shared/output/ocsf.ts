// OCSF 1.3.0 Detection Finding (class_uid 2004, category Findings), with the Cloud profile:
// what Amazon Security Lake custom sources and Prowler's json-ocsf carry. One finding per
// alert: finding_info.uid is the dedup key, so a window's update is the same finding again.
import type { Alert, Severity } from "../types.ts";
import { partitionOf, PRODUCT } from "./product.ts";

export const OCSF_VERSION = "1.3.0";
const CLASS_UID = 2004;
const CATEGORY_UID = 2;
const ACTIVITY_CREATE = 1;

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: "Informational" },
  low: { id: 2, name: "Low" },
  medium: { id: 3, name: "Medium" },
  high: { id: 4, name: "High" },
  critical: { id: 5, name: "Critical" },
};

export interface OcsfDetectionFinding {
  [attribute: string]: unknown;
}

function clusterResource(a: Alert): Record<string, unknown>[] {
  if (a.cluster === null) return [];
  const uid =
    a.account && a.region ? `arn:${partitionOf(a.region)}:eks:${a.region}:${a.account}:cluster/${a.cluster}` : undefined;
  return [{ type: "AWS::EKS::Cluster", name: a.cluster, ...(uid ? { uid } : {}), ...(a.region ? { region: a.region } : {}) }];
}

export function ocsfFinding(a: Alert): OcsfDetectionFinding {
  const sev = SEVERITY_ID[a.severity];
  const first = Date.parse(a.firstSeen);
  const last = Date.parse(a.lastSeen);
  return {
    class_uid: CLASS_UID,
    class_name: "Detection Finding",
    category_uid: CATEGORY_UID,
    category_name: "Findings",
    activity_id: ACTIVITY_CREATE,
    activity_name: "Create",
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: "Detection Finding: Create",
    severity_id: sev.id,
    severity: sev.name,
    status_id: 1,
    status: "New",
    time: last,
    start_time: first,
    end_time: last,
    count: a.count,
    message: a.title,
    metadata: {
      version: OCSF_VERSION,
      profiles: ["cloud"],
      product: { name: PRODUCT.name, vendor_name: PRODUCT.vendor, uid: PRODUCT.name },
      log_name: a.rule.startsWith("fleet/") ? "fleet-audit" : "replay",
    },
    finding_info: {
      uid: a.dedupKey,
      title: a.title,
      desc: a.title,
      types: [a.rule],
      first_seen_time: first,
      last_seen_time: last,
      analytic: { type_id: 1, type: "Rule", name: a.rule, uid: a.rule },
      ...(a.references[0] ? { src_url: a.references[0] } : {}),
    },
    cloud: {
      provider: "AWS",
      ...(a.region ? { region: a.region } : {}),
      ...(a.account ? { account: { uid: a.account, type_id: 10, type: "AWS Account" } } : {}),
    },
    resources: clusterResource(a),
    remediation: { desc: a.remediation, references: a.references },
    unmapped: { facts: a.facts, knownIssues: a.knownIssues, samples: a.samples },
  };
}

export function ocsfFindings(alerts: readonly Alert[]): OcsfDetectionFinding[] {
  return alerts.map(ocsfFinding);
}
