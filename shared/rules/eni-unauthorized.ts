import { entriesForDeniedAction, knownIssueById } from "../catalog/index.ts";
import type { CloudTrailRecord, Severity } from "../types.ts";
import type { CloudTrailRule } from "./rule.ts";
import {
  CNI_EC2_ACTIONS,
  CNI_EC2_READ_ACTIONS,
  CNI_EC2_WRITE_ACTIONS,
  DENIED_ERROR_CODES,
  cniEvidence,
  cloudTrailPlacement,
  cniVersionFromUserAgent,
  dedupKey,
  identityPath,
  issuerArn,
  makeFinding,
  roleName,
  sessionName,
  shortenAwsMessage,
  strField,
} from "./predicates.ts";
import { isObject } from "../core/object.ts";
import { actionNotes, attributionText, causeFor, checkFor, confirmFirst, fixFor } from "./eni-unauthorized-advice.ts";
import { cat, code, counter, counterText, howOften, join, md, plural, ref, sampleText, sections, str, strs, text, where } from "./text.ts";

const SESSION_SAMPLE = 5;
const INSTANCE_SAMPLE = 20;

/** CreateTags is the CNI's only on network interfaces: needs evidence of an ENI target. */
function tagsAnEni(r: CloudTrailRecord): boolean {
  if (/:network-interface\//.test(r.errorMessage ?? "")) return true;
  const set = isObject(r.requestParameters) ? r.requestParameters.resourcesSet : undefined;
  const items = isObject(set) && Array.isArray(set.items) ? set.items : [];
  return items.some((i) => (strField(i, "resourceId") ?? "").startsWith("eni-"));
}

/** Instance ids this call was for: the ENI description `aws-K8S-<id>` or a node-role session name. */
function instanceOf(r: CloudTrailRecord): string | null {
  const d = /^aws-K8S-(i-[0-9a-f]+)$/.exec(strField(r.requestParameters, "description") ?? "");
  if (d?.[1]) return d[1];
  const s = sessionName(r) ?? "";
  return /^i-[0-9a-f]{8,17}$/.test(s) ? s : null;
}

const PATH_TEXT: Record<string, string> = {
  irsa: "an IRSA role (web identity)",
  "pod-identity": "a Pod Identity role",
  "node-role": "the node's instance role, not a CNI role",
  other: "an identity that is neither IRSA, Pod Identity nor a node role",
};

export const eniUnauthorized: CloudTrailRule = {
  id: "eni-unauthorized",
  source: "cloudtrail",
  summary:
    "EC2 calls the VPC CNI makes (AmazonEKS_CNI_Policy actions, DescribeSecurityGroups, IPv6) denied; the caller's identity path (IRSA, Pod Identity, node role) picks the fix.",
  defaultSeverity: "high",
  dedupKeyDoc: "account | region | eni-unauthorized | role ARN (the session issuer)",
  references: [
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/iam-policy.md",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/1454",
    "https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2880",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/3704",
  ],
  triggers: [
    { eventSource: "ec2.amazonaws.com", eventNames: [...CNI_EC2_WRITE_ACTIONS], failed: true },
    { eventSource: "ec2.amazonaws.com", eventNames: [...CNI_EC2_READ_ACTIONS], failed: true, readOnlyCalls: true },
  ],

  match(event, ctx) {
    const r = event.record;
    const action = r.eventName ?? "";
    if (r.eventSource !== "ec2.amazonaws.com" || !CNI_EC2_ACTIONS.includes(action)) return undefined;
    if (!DENIED_ERROR_CODES.includes(r.errorCode ?? "")) return undefined;
    if (action === "CreateTags" && !tagsAnEni(r)) return undefined;
    const where = cloudTrailPlacement(event);
    const principalArn = issuerArn(r);
    const path = identityPath(r);
    const evidence = cniEvidence(r, ctx.config);
    const attributed = evidence.attribution;
    const cniVersion = cniVersionFromUserAgent(r.userAgent);
    const issues = cniVersion ? entriesForDeniedAction("vpc-cni", cniVersion, `ec2:${action}`) : [];
    // Only the authenticated role raises severity; what the caller writes caps it.
    let severity: Severity = attributed === "vpc-cni" ? "high" : attributed === "likely-vpc-cni" ? "medium" : "low";
    if (attributed === "vpc-cni" && issues.some((e) => e.severity === "critical")) severity = "critical";
    if (evidence.against !== null) severity = "low";
    const session = sessionName(r);
    const instance = instanceOf(r);
    const message = shortenAwsMessage(r.errorMessage);
    const provider = r.userIdentity?.sessionContext?.webIdFederationData?.federatedProvider;
    return makeFinding("eni-unauthorized", event, where, {
      severity,
      // Denials with no CNI evidence are not a CNI role's problem: one alert per account, not per role.
      dedupKey: attributed === "unknown" ? dedupKey("eni-unauthorized", where, "unattributed") : dedupKey("eni-unauthorized", where, principalArn),
      actor: principalArn,
      knownIssues: issues.map((e) => e.id),
      facts: {
        identityPath: path,
        attribution: attributed,
        principalArn,
        principals: principalArn ? [principalArn] : [],
        evidence: evidence.weak,
        ...(evidence.against ? { againstEvidence: evidence.against } : {}),
        sourceIPAddress: r.sourceIPAddress ?? null,
        actions: { [action]: 1 },
        errorCode: r.errorCode ?? null,
        sessionNames: session ? [session] : [],
        instances: instance ? [instance] : [],
        userAgent: r.userAgent ?? null,
        ...(cniVersion ? { cniVersion } : {}),
        ...(message ? { errorMessage: message } : {}),
        ...(provider ? { identityProvider: provider } : {}),
      },
    });
  },

  render(alert) {
    const f = alert.facts;
    const path = str(f, "identityPath") ?? "other";
    const attributed = str(f, "attribution") ?? "unknown";
    const principalArn = str(f, "principalArn");
    const principals = strs(f, "principals");
    const actionCounts = counter(f, "actions");
    const actions = Object.keys(actionCounts);
    const sessions = strs(f, "sessionNames");
    const instances = strs(f, "instances");
    const cniVersion = str(f, "cniVersion");
    const writes = actions.some((a) => CNI_EC2_WRITE_ACTIONS.includes(a));
    const issues = alert.knownIssues.map(knownIssueById).filter((e) => e !== undefined);
    const denied = counterText(actionCounts, (a) => code(`ec2:${a}`));
    const remediation = sections([
      [
        "What",
        cat(
          md`${denied.length > 0 ? denied : "EC2 calls"} denied (${code(str(f, "errorCode") ?? "UnauthorizedOperation")}) `,
          md`${howOften(alert)} in ${where(alert)} for ${principals.length > 1 ? sampleText(principals, 3) : code(principalArn ?? "an unknown principal")}`,
          sessions.length > 0 ? md`, session ${sampleText(sessions, 2)}` : [],
          text(` — ${PATH_TEXT[path] ?? PATH_TEXT.other}`),
          cniVersion ? md`; VPC CNI ${code(cniVersion)}` : [],
          text("."),
        ),
      ],
      ["Attribution", attributionText(attributed, strs(f, "evidence"), str(f, "againstEvidence"))],
      [
        "Impact",
        cat(
          text(attributed === "vpc-cni" ? "" : "only if this is aws-node: "),
          writes
            ? cat(
                text("new pods on these nodes get no IP; new nodes may stay NotReady (\"container runtime network not ready\")"),
                instances.length > 0 ? md` — instances ${sampleText(instances, 5)}.` : text("."),
              )
            : text("aws-node cannot read ENI, subnet or instance state: ipamd may not start or cannot grow the IP pool."),
        ),
      ],
      ["Cause", causeFor(path, roleName(principalArn))],
      ["Known issues", join(issues.map((e) => md`${text(e.title)} — ${text(e.fix)} (${join(e.references.slice(0, 2).map(ref), ", ")})`), " ")],
      ["Notes", text(actionNotes(actions, cniVersion).join(" "))],
      ["Fix", attributed === "vpc-cni" && str(f, "againstEvidence") === null ? fixFor(path, alert, principalArn, actions, true) : confirmFirst(path, alert, principalArn)],
      ["Check", checkFor(path, principalArn, actions)],
    ]);
    const what =
      path === "node-role"
        ? "with the node's instance role and is denied"
        : path === "other"
          ? "with an unexpected identity and is denied"
          : `and its ${path === "irsa" ? "IRSA" : "Pod Identity"} role is denied`;
    const subject =
      attributed === "vpc-cni" ? "The VPC CNI is calling EC2" : attributed === "likely-vpc-cni" ? "Likely the VPC CNI is calling EC2" : "Something (not known to be the VPC CNI) is calling EC2";
    return {
      title: `${subject} ${what} — ${plural(alert.count, "call")}`,
      remediation,
      facts: { ...f, sessionNames: sessions.slice(0, SESSION_SAMPLE), instances: instances.slice(0, INSTANCE_SAMPLE), instanceCount: instances.length },
    };
  },
};
