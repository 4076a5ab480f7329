import { createHash } from "node:crypto";
import type { AuditorConfig } from "../config.ts";
import { addonStateKey } from "../core/addon-state.ts";
import { awsErrorMessage } from "../core/aws-error.ts";
import { isObject } from "../core/object.ts";
import type {
  CloudTrailEvent,
  CloudTrailRecord,
  Facts,
  Finding,
  K8sAuditRecord,
  NormalizedEvent,
  Placement,
  RuleId,
  Severity,
} from "../types.ts";

// ---- Kubernetes audit records -------------------------------------------------------------

export const RC_USER = "eks:vpc-resource-controller";
export const ADDON_MANAGER = "eks:addon-manager";
export const AWS_NODE_SA = "system:serviceaccount:kube-system:aws-node";
/** The VPC CNI / EKS system identities (`config.extraSystemUsers` adds more). */
export const SYSTEM_USERS: readonly string[] = [RC_USER, ADDON_MANAGER, AWS_NODE_SA];
export const WRITE_VERBS: readonly string[] = ["create", "update", "patch", "delete", "deletecollection"];

export function username(r: K8sAuditRecord): string | null {
  return typeof r.user?.username === "string" && r.user.username !== "" ? r.user.username : null;
}

/** A 403, with or without the message (servers ≤ 1.22 log only status, reason and code). */
export function isForbidden(r: K8sAuditRecord): boolean {
  return r.responseStatus?.code === 403;
}

export function isWrite(verb: string | undefined): boolean {
  return verb !== undefined && WRITE_VERBS.includes(verb);
}

/** A completed request that succeeded (no response status means it did not complete). */
export function succeeded(r: K8sAuditRecord): boolean {
  const code = r.responseStatus?.code;
  return typeof code === "number" && code < 400;
}

export function systemUsers(config: AuditorConfig): string[] {
  return [...SYSTEM_USERS, ...config.extraSystemUsers.filter((u) => !SYSTEM_USERS.includes(u))];
}

/** "field manager" from the request URI's query (`?fieldManager=kubectl-client-side-apply`). */
export function fieldManagerOf(requestURI: string | undefined): string | null {
  if (!requestURI) return null;
  const q = requestURI.indexOf("?");
  if (q < 0) return null;
  try {
    return new URLSearchParams(requestURI.slice(q + 1)).get("fieldManager");
  } catch {
    return null;
  }
}

// ---- CloudTrail records -------------------------------------------------------------------

/** EC2 calls the VPC CNI makes: AmazonEKS_CNI_Policy, DescribeSecurityGroups, the IPv6 calls. */
export const CNI_EC2_WRITE_ACTIONS: readonly string[] = [
  "AssignPrivateIpAddresses",
  "UnassignPrivateIpAddresses",
  "AttachNetworkInterface",
  "DetachNetworkInterface",
  "CreateNetworkInterface",
  "DeleteNetworkInterface",
  "ModifyNetworkInterfaceAttribute",
  "AssignIpv6Addresses",
  "UnassignIpv6Addresses",
  "CreateTags",
];
export const CNI_EC2_READ_ACTIONS: readonly string[] = [
  "DescribeInstances",
  "DescribeTags",
  "DescribeNetworkInterfaces",
  "DescribeInstanceTypes",
  "DescribeSubnets",
  "DescribeSecurityGroups",
];
export const CNI_EC2_ACTIONS: readonly string[] = [...CNI_EC2_WRITE_ACTIONS, ...CNI_EC2_READ_ACTIONS];
export const IPV6_ACTIONS: readonly string[] = ["AssignIpv6Addresses", "UnassignIpv6Addresses"];
export const DENIED_ERROR_CODES: readonly string[] = ["Client.UnauthorizedOperation", "UnauthorizedOperation", "AccessDenied"];

export function strField(obj: unknown, key: string): string | null {
  if (!isObject(obj)) return null;
  const v = obj[key];
  return typeof v === "string" && v !== "" ? v : null;
}

export function failed(r: CloudTrailRecord): boolean {
  return typeof r.errorCode === "string" && r.errorCode !== "";
}

/** Tags anywhere in the request (`tagSpecificationSet.items[].tags[]`, `tagSet.items[]`…). */
export function requestTags(r: CloudTrailRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (isObject(v)) {
      if (typeof v.key === "string" && typeof v.value === "string") out[v.key] = v.value;
      for (const x of Object.values(v)) if (typeof x === "object") walk(x, depth + 1);
    }
  };
  walk(r.requestParameters, 0);
  return out;
}

/** The add-on state keys of these add-ons in the cluster of the event (for `addonStateKeys`). */
export function addonKeysAt(event: CloudTrailEvent, addons: readonly string[]): string[] {
  const where = cloudTrailPlacement(event);
  return addons.map((addon) => addonStateKey(where.account, where.region, where.cluster, addon));
}

/** Where a CloudTrail event happened; its cluster is decided once, by the source (sources/cluster.ts). */

export function cloudTrailPlacement(event: CloudTrailEvent): Placement {
  const r = event.record;
  return {
    cluster: event.cluster,
    account: event.account ?? r.recipientAccountId ?? r.userIdentity?.accountId ?? null,
    region: event.region ?? r.awsRegion ?? null,
  };
}

/** An AWS error message as a fact (see awsErrorMessage), null when there is none. */
export function shortenAwsMessage(message: string | undefined | null): string | null {
  return awsErrorMessage(message) || null;
}

/** The CNI version in a CloudTrail or k8s user agent, when the agent carries it. */
export function cniVersionFromUserAgent(ua: string | undefined | null): string | null {
  if (!ua) return null;
  const v = "(v?\\d+\\.\\d+\\.\\d+(?:-eksbuild\\.\\d+)?)";
  const m =
    new RegExp(`amazon-vpc-cni-k8s/version/${v}`).exec(ua) ??
    new RegExp(`amazon-vpc-cni-k8s/${v}`).exec(ua) ??
    new RegExp(`aws-k8s-agent-${v}`).exec(ua);
  if (!m?.[1]) return null;
  return m[1].startsWith("v") ? m[1] : `v${m[1]}`;
}

/** `dryRun=All` in the request: the server ran admission and validation and changed nothing. */
export function isDryRun(requestURI: string | undefined): boolean {
  const q = requestURI ? requestURI.indexOf("?") : -1;
  if (q < 0 || requestURI!.length > 8192) return false;
  return new URLSearchParams(requestURI!.slice(q + 1)).getAll("dryRun").some((v) => v.length > 0);
}

/**
 * Why a write by a user named `eks:addon-manager` is not the EKS add-on manager, or null when it is.
 * What the real one looks like in EKS audit records (test/fixtures/corpus/PROVENANCE.md): the
 * IAM authenticator maps an AWS-owned role, `AWSWesleyClusterManagerLambda-Add-AddonManagerRole[-…]`,
 * outside the cluster's account, with the groups `system:authenticated` only. Any user can be
 * *named* eks:addon-manager by an aws-auth mapping or an access entry; that role cannot be
 * created in the customer's account by anyone but its admins, and then its account gives it away.
 */
export function addonManagerDoubt(r: K8sAuditRecord, clusterAccount: string | null): string | null {
  const u = r.user;
  const extra = u?.extra ?? {};
  const canonical = (Array.isArray(extra.canonicalArn) ? extra.canonicalArn[0] : undefined) ?? (Array.isArray(extra.arn) ? extra.arn[0] : undefined);
  if (typeof canonical !== "string") return "no IAM identity (user.extra.arn) — the real add-on manager signs in through the IAM authenticator";
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(?:role|assumed-role)\/(AWSWesleyClusterManagerLambda-Add-AddonManagerRole(?:-[A-Za-z0-9]+)?)(?:\/[^/]*)?$/.exec(canonical);
  if (!m) return `its IAM identity ${canonical.slice(0, 200)} is not the EKS add-on manager's role`;
  if (clusterAccount !== null && m[1] === clusterAccount) return `its role is in the cluster's own account ${clusterAccount}, not an AWS-owned one`;
  const groups = u?.groups ?? [];
  const extraGroups = groups.filter((g) => g !== "system:authenticated");
  if (extraGroups.length > 0) return `it has groups the add-on manager never has: ${extraGroups.slice(0, 5).join(", ")}`;
  return null;
}

/**
 * A successful CreatePodIdentityAssociation (true) or DeletePodIdentityAssociation (false) for
 * kube-system/aws-node; undefined for anything else. Delete names the pair only in its response.
 */
export function awsNodeAssociationChange(r: CloudTrailRecord): boolean | undefined {
  if (r.eventSource !== "eks.amazonaws.com" || failed(r)) return undefined;
  const create = r.eventName === "CreatePodIdentityAssociation";
  if (!create && r.eventName !== "DeletePodIdentityAssociation") return undefined;
  const from = create ? r.requestParameters : isObject(r.responseElements) ? r.responseElements.association : undefined;
  const isAwsNode = strField(from, "namespace") === "kube-system" && strField(from, "serviceAccount") === "aws-node";
  return isAwsNode ? create : undefined;
}

// ---- Identity path and attribution (eni-unauthorized) --------------------------------------

export type IdentityPath = "irsa" | "pod-identity" | "node-role" | "other";

// EKS Auth names Pod Identity sessions `eks-<cluster>-<pod>-<uuid>`; STS caps session names at
// 64 characters, so a long cluster or pod name cuts the UUID (or more) off: a 64-character
// `eks-…` name counts too. (IRSA sessions are numeric: the SDKs' UnixNano default.)
const POD_IDENTITY_SESSION = /^eks-.+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POD_IDENTITY_SESSION_TRUNCATED = /^eks-[A-Za-z0-9_.-]{60}$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** The role session name (`assumed-role/<role>/<session>`, or after ':' in the principal id). */
export function sessionName(r: CloudTrailRecord): string | null {
  const arn = r.userIdentity?.arn;
  // An ARN has at most 2048 characters; on longer text (with line breaks) `(.+)$` backtracks quadratically.
  const m = arn && arn.length <= 2048 ? /:assumed-role\/[^/]+\/(.+)$/.exec(arn) : null;
  if (m?.[1]) return m[1];
  const pid = r.userIdentity?.principalId;
  const i = pid ? pid.indexOf(":") : -1;
  return pid && i >= 0 && i < pid.length - 1 ? pid.slice(i + 1) : null;
}

/** The session issuer (the role, not the session); IAM users and others: their own ARN. */
export function issuerArn(r: CloudTrailRecord): string | null {
  const u = r.userIdentity;
  const issuer = u?.sessionContext?.sessionIssuer?.arn;
  if (issuer) return issuer;
  const m = u?.arn ? /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\//.exec(u.arn) : null;
  if (m) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
  return u?.arn ?? null;
}

/** The role's name from its ARN (paths dropped), for `aws iam … --role-name`. */
export function roleName(roleArn: string | null): string {
  const m = roleArn ? /:role\/(?:.*\/)?([^/]+)$/.exec(roleArn) : null;
  return m?.[1] ?? "<role>";
}

export function identityPath(r: CloudTrailRecord): IdentityPath {
  const ctx = r.userIdentity?.sessionContext;
  if (ctx?.webIdFederationData?.federatedProvider) return "irsa";
  const session = sessionName(r) ?? "";
  if (POD_IDENTITY_SESSION.test(session) || POD_IDENTITY_SESSION_TRUNCATED.test(session)) return "pod-identity";
  if (INSTANCE_ID.test(session) || ctx?.ec2RoleDelivery !== undefined) return "node-role";
  return "other";
}

export type Attribution = "vpc-cni" | "likely-vpc-cni" | "unknown";

/**
 * User agents of tools the VPC CNI never uses (it calls EC2 through the Go SDK): a call made with
 * one of them is someone's, not aws-node's — and with node or CNI credentials, possibly stolen ones.
 */
const NOT_CNI_AGENTS: ReadonlyArray<[RegExp, string]> = [
  [/^aws-cli\/|[ (]aws-cli\//i, "aws-cli"],
  [/\b(?:boto3|botocore)\//i, "boto3"],
  [/^(?:console\.(?:[a-z0-9-]+\.)?amazonaws\.com|signin\.amazonaws\.com)|\bconsole\.ec2\.amazonaws\.com\b/i, "AWS console"],
  [/\bterraform\b|\bAPN\/1\.0 HashiCorp\/1\.0 Terraform/i, "Terraform"],
];

export interface CniEvidence {
  attribution: Attribution;
  /** What the caller wrote that points at the CNI (never proof: the caller chooses it). */
  weak: string[];
  /** The tool a user agent names that the CNI never uses, or null. */
  against: string | null;
}

/**
 * Attribution: only the authenticated role is evidence (`vpc-cni`, when known as a
 * CNI role: configured or from the fleet snapshot); what the caller writes — user agent, ENI
 * description, tags — is weak (`likely-vpc-cni`), and a tool the CNI never uses counts against it.
 */
export function cniEvidence(r: CloudTrailRecord, config: AuditorConfig): CniEvidence {
  const ua = r.userAgent ?? "";
  const weak: string[] = [];
  if (ua.includes("amazon-vpc-cni-k8s")) weak.push("user agent");
  if ((strField(r.requestParameters, "description") ?? "").startsWith("aws-K8S-")) weak.push("ENI description");
  const tags = requestTags(r);
  if (tags["eks:eni:owner"] === "amazon-vpc-cni" || "node.k8s.amazonaws.com/instance_id" in tags) weak.push("ENI tags");
  const against = ua.length <= 2048 ? (NOT_CNI_AGENTS.find(([re]) => re.test(ua))?.[1] ?? null) : null;
  const role = issuerArn(r);
  const known = role !== null && config.cniRoleArns.includes(role);
  const attribution: Attribution = known ? "vpc-cni" : weak.length > 0 && against === null ? "likely-vpc-cni" : "unknown";
  return { attribution, weak, against };
}

// ---- Findings --------------------------------------------------------------------------------

// One event string (up to 1 MB through CloudWatch Logs or EventBridge) must not make a finding
// too big to store: a DynamoDB partition key holds 2048 bytes and an item 400 KB, and a key or
// window that cannot be written fails every invocation carrying it, good records included.
const KEY_PART_MAX_BYTES = 300;
const FACT_STRING_MAX = 2048;
const FACT_MEMBER_MAX = 256;

/** A key part as is, or (when huge) its start and a digest: still stable and distinct. */
function keyPart(p: string): string {
  if (Buffer.byteLength(p) <= KEY_PART_MAX_BYTES) return p;
  return `${Array.from(p).slice(0, 64).join("")}…#${createHash("sha256").update(p).digest("hex").slice(0, 16)}`;
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = /[\ud800-\udbff]$/.test(s.slice(0, max)) ? s.slice(0, max - 1) : s.slice(0, max);
  return `${head}… (truncated)`;
}

function boundedFacts(facts: Facts): Facts {
  const out: Facts = {};
  for (const [k, v] of Object.entries(facts)) {
    out[k] = typeof v === "string" ? cut(v, FACT_STRING_MAX) : Array.isArray(v) ? v.map((x) => cut(x, FACT_MEMBER_MAX)) : v;
  }
  return out;
}

/** `account|region|rule|part…`, "-" where unknown, so keys of one rule always line up. */
export function dedupKey(rule: RuleId, where: Placement, ...parts: Array<string | null>): string {
  return [where.account ?? "-", where.region ?? "-", rule, ...parts.map((p) => p ?? "-")].map(keyPart).join("|");
}

export function makeFinding(
  rule: RuleId,
  event: NormalizedEvent,
  where: Placement,
  f: { severity: Severity; dedupKey: string; actor: string | null; facts: Facts; knownIssues?: string[] },
): Finding {
  return {
    rule,
    severity: f.severity,
    dedupKey: f.dedupKey,
    timeMs: event.timeMs,
    recordId: event.recordId,
    cluster: where.cluster === null ? null : cut(where.cluster, FACT_MEMBER_MAX),
    account: where.account === null ? null : cut(where.account, FACT_MEMBER_MAX),
    region: where.region === null ? null : cut(where.region, FACT_MEMBER_MAX),
    actor: f.actor,
    facts: boundedFacts(f.facts),
    knownIssues: f.knownIssues ?? [],
  };
}

export function auditPlacement(event: NormalizedEvent): Placement {
  return { cluster: event.cluster, account: event.account, region: event.region };
}
