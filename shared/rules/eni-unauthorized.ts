import { entriesForDeniedAction, knownIssueById } from "../catalog/index.ts";
import type { CloudTrailRecord, Severity } from "../types.ts";
import type { CloudTrailRule } from "./rule.ts";
import {
  CNI_EC2_ACTIONS,
  CNI_EC2_READ_ACTIONS,
  CNI_EC2_WRITE_ACTIONS,
  DENIED_ERROR_CODES,
  attribution,
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
import { actionNotes, causeFor, checkFor, fixFor } from "./eni-unauthorized-advice.ts";
import { code, counter, counterText, howOften, plural, ref, sampleText, sections, str, strs, where } from "./text.ts";

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
    const attributed = attribution(r, ctx.config);
    const cniVersion = cniVersionFromUserAgent(r.userAgent);
    const issues = cniVersion ? entriesForDeniedAction("vpc-cni", cniVersion, `ec2:${action}`) : [];
    let severity: Severity = attributed === "vpc-cni" ? "high" : "medium";
    if (issues.some((e) => e.severity === "critical")) severity = "critical";
    const session = sessionName(r);
    const instance = instanceOf(r);
    const message = shortenAwsMessage(r.errorMessage);
    const provider = r.userIdentity?.sessionContext?.webIdFederationData?.federatedProvider;
    return makeFinding("eni-unauthorized", event, where, {
      severity,
      dedupKey: dedupKey("eni-unauthorized", where, principalArn),
      actor: principalArn,
      knownIssues: issues.map((e) => e.id),
      facts: {
        identityPath: path,
        attribution: attributed,
        principalArn,
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
    const actionCounts = counter(f, "actions");
    const actions = Object.keys(actionCounts);
    const sessions = strs(f, "sessionNames");
    const instances = strs(f, "instances");
    const cniVersion = str(f, "cniVersion");
    const writes = actions.some((a) => CNI_EC2_WRITE_ACTIONS.includes(a));
    const issues = alert.knownIssues.map(knownIssueById).filter((e) => e !== undefined);
    const remediation = sections([
      [
        "What",
        `${counterText(actionCounts, (a) => code(`ec2:${a}`)) || "EC2 calls"} denied (${code(str(f, "errorCode") ?? "UnauthorizedOperation")}) ` +
          `${howOften(alert)} in ${where(alert)} for ${code(principalArn ?? "an unknown principal")}` +
          (sessions.length > 0 ? `, session ${sampleText(sessions, 2)}` : "") +
          ` — ${PATH_TEXT[path] ?? PATH_TEXT.other}` +
          (cniVersion ? `; VPC CNI ${code(cniVersion)}` : "") +
          ".",
      ],
      [
        "Attribution",
        attributed === "vpc-cni"
          ? null
          : "not confirmed to be the VPC CNI: the user agent has no `amazon-vpc-cni-k8s` marker (none on v1.19.4–v1.21.1, " +
            "amazon-vpc-cni-k8s #3555) and no CNI ENI description or tags; Karpenter and load balancer controllers make some of " +
            "the same calls. Reported at a lower severity; add the role to `cniRoleArns` in the config if it is the CNI's.",
      ],
      [
        "Impact",
        (attributed === "vpc-cni" ? "" : "if this is aws-node: ") +
          (writes
          ? "new pods on these nodes get no IP; new nodes may stay NotReady (\"container runtime network not ready\")" +
            (instances.length > 0 ? ` — instances ${sampleText(instances, 5)}.` : ".")
          : "aws-node cannot read ENI, subnet or instance state: ipamd may not start or cannot grow the IP pool."),
      ],
      ["Cause", causeFor(path, roleName(principalArn))],
      ["Known issues", issues.map((e) => `${e.title} — ${e.fix} (${e.references.slice(0, 2).map(ref).join(", ")})`).join(" ") || null],
      ["Notes", actionNotes(actions).join(" ") || null],
      ["Fix", fixFor(path, alert, principalArn, actions, attributed === "vpc-cni")],
      ["Check", checkFor(path, principalArn, actions)],
    ]);
    const what =
      path === "node-role"
        ? "with the node's instance role and is denied"
        : path === "other"
          ? "with an unexpected identity and is denied"
          : `and its ${path === "irsa" ? "IRSA" : "Pod Identity"} role is denied`;
    const subject = attributed === "vpc-cni" ? "The VPC CNI is calling EC2" : "Something (possibly the VPC CNI) is calling EC2";
    return {
      title: `${subject} ${what} — ${plural(alert.count, "call")}`,
      remediation,
      facts: { ...f, sessionNames: sessions.slice(0, SESSION_SAMPLE), instances: instances.slice(0, INSTANCE_SAMPLE), instanceCount: instances.length },
    };
  },
};
