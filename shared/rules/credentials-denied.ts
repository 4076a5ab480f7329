import { addonStateKey } from "../core/addon-state.ts";
import type { CloudTrailRule } from "./rule.ts";
import type { CloudTrailRecord, Facts, Severity } from "../types.ts";
import {
  AWS_NODE_SA,
  addonKeysAt,
  awsNodeAssociationChange,
  cloudTrailPlacement,
  dedupKey,
  failed,
  issuerArn,
  makeFinding,
  shortenAwsMessage,
  strField,
} from "./predicates.ts";
import { isObject } from "../core/object.ts";
import { awsNodePodIdentityKnownAt } from "../fleet/pod-identity-known.ts";
import { irsaAdvice, podIdentityAdvice } from "./credentials-denied-advice.ts";
import { cat, code, howOften, md, plural, sections, str, text, where } from "./text.ts";

const WEB_IDENTITY = "AssumeRoleWithWebIdentity";
const POD_IDENTITY = "AssumeRoleForPodIdentity";

/**
 * The service account of a web-identity call: `userIdentity.userName`, or the tail of
 * `principalId` (`<provider-arn>:<aud>:system:serviceaccount:<ns>:<name>`).
 */
function webIdentitySubject(r: CloudTrailRecord): string | null {
  const user = r.userIdentity as Record<string, unknown> | undefined;
  const name = strField(user, "userName");
  if (name) return name;
  const pid = strField(user, "principalId") ?? "";
  const i = pid.indexOf("system:serviceaccount:");
  return i >= 0 ? pid.slice(i) : strField(r.requestParameters, "subjectFromWebIdentityToken");
}

function webIdentityProvider(r: CloudTrailRecord): string | null {
  const user = r.userIdentity as Record<string, unknown> | undefined;
  const provider = strField(user, "identityProvider");
  if (provider) return provider;
  const m = /^(arn:[^:]+:iam::\d+:oidc-provider\/[^:]+)/.exec(strField(user, "principalId") ?? "");
  return m?.[1] ?? null;
}

/** The pod's service account when the record names it (successful responses do; failures usually not). */
function podIdentitySubject(r: CloudTrailRecord): string | null {
  const s = isObject(r.responseElements) ? r.responseElements.subject : undefined;
  const ns = strField(s, "namespace");
  const sa = strField(s, "serviceAccount");
  return ns && sa ? `system:serviceaccount:${ns}:${sa}` : null;
}

/** Where the auditor learned that aws-node has a Pod Identity association here. */
function knownFrom(f: Facts): string {
  const at = str(f, "podIdentityKnownAt");
  if (str(f, "podIdentityKnownFrom") === "fleet-snapshot") return `the fleet snapshot of ${at ?? "an unknown date"} lists it`;
  return "an earlier CreatePodIdentityAssociation or UpdateAddon --pod-identity-associations for kube-system/aws-node showed it";
}

export const credentialsDenied: CloudTrailRule = {
  id: "credentials-denied",
  source: "cloudtrail",
  summary:
    "Failed credential fetches for aws-node: sts:AssumeRoleWithWebIdentity (IRSA trust policy / OIDC provider) and eks-auth:AssumeRoleForPodIdentity.",
  defaultSeverity: "high",
  dedupKeyDoc: "account | region | credentials-denied | cluster (else OIDC provider) | role ARN",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/3840",
  ],
  triggers: [
    { eventSource: "sts.amazonaws.com", eventNames: [WEB_IDENTITY], failed: true, readOnlyCalls: true },
    { eventSource: "eks-auth.amazonaws.com", eventNames: [POD_IDENTITY], failed: true, readOnlyCalls: true },
    // Never a finding: routed so the pipeline learns that aws-node uses Pod Identity (evaluate.ts).
    { eventSource: "eks.amazonaws.com", eventNames: ["CreatePodIdentityAssociation", "DeletePodIdentityAssociation"], failed: false },
  ],

  // Whether vpc-cni uses Pod Identity rates a failed Pod Identity credential fetch; an aws-node
  // association call updates it (evaluate.ts).
  addonStateKeys(event) {
    const r = event.record;
    const reads = r.eventSource === "eks-auth.amazonaws.com" || awsNodeAssociationChange(r) !== undefined;
    return reads ? addonKeysAt(event, ["vpc-cni"]) : [];
  },

  match(event, ctx) {
    const r = event.record;
    if (!failed(r)) return undefined;
    const where = cloudTrailPlacement(event);
    const message = shortenAwsMessage(r.errorMessage);
    const common = { errorCode: r.errorCode ?? null, userAgent: r.userAgent ?? null, ...(message ? { errorMessage: message } : {}) };

    if (r.eventSource === "sts.amazonaws.com" && r.eventName === WEB_IDENTITY) {
      const subject = webIdentitySubject(r);
      if (subject !== AWS_NODE_SA) return undefined;
      const roleArn = strField(r.requestParameters, "roleArn");
      const provider = webIdentityProvider(r);
      return makeFinding("credentials-denied", event, where, {
        severity: "high",
        dedupKey: dedupKey("credentials-denied", where, where.cluster ?? provider, roleArn),
        actor: roleArn ?? subject,
        facts: { api: WEB_IDENTITY, roleArn, subject, identityProvider: provider, attribution: "vpc-cni", ...common },
      });
    }

    if (r.eventSource === "eks-auth.amazonaws.com" && r.eventName === POD_IDENTITY) {
      const subject = podIdentitySubject(r);
      if (subject !== null && subject !== AWS_NODE_SA) return undefined;
      // A failed call does not name the pod: it is aws-node's only when aws-node is known to have an
      // association (UpdateAddon --pod-identity-associations or CreatePodIdentityAssociation seen
      // before, or the fleet snapshot lists one for the cluster).
      const learned =
        ctx.addonState(addonStateKey(where.account, where.region, where.cluster, "vpc-cni"))?.features.includes("pod-identity") ?? false;
      const snapshotAt = learned ? null : awsNodePodIdentityKnownAt(ctx.config.fleetPodIdentity, where);
      const cniUsesPodIdentity = learned || snapshotAt !== null;
      const severity: Severity = subject !== null || cniUsesPodIdentity ? "high" : "info";
      const caller = issuerArn(r);
      return makeFinding("credentials-denied", event, where, {
        severity,
        dedupKey: dedupKey("credentials-denied", where, where.cluster, null),
        actor: caller,
        facts: {
          api: POD_IDENTITY,
          roleArn: null,
          subject,
          identityProvider: null,
          attribution: subject !== null ? "vpc-cni" : cniUsesPodIdentity ? "likely-vpc-cni" : "unknown",
          cniUsesPodIdentity,
          ...(learned ? { podIdentityKnownFrom: "cloudtrail" } : {}),
          ...(snapshotAt !== null ? { podIdentityKnownFrom: "fleet-snapshot", podIdentityKnownAt: snapshotAt } : {}),
          callerArn: caller,
          ...common,
        },
      });
    }
    return undefined;
  },

  render(alert) {
    const f = alert.facts;
    const api = str(f, "api") ?? WEB_IDENTITY;
    const roleArn = str(f, "roleArn");
    const subject = str(f, "subject");
    const errorCode = str(f, "errorCode");
    const message = str(f, "errorMessage");
    const irsa = api === WEB_IDENTITY;
    const advice = irsa
      ? irsaAdvice(alert, { roleArn, provider: str(f, "identityProvider"), errorCode, message })
      : podIdentityAdvice(alert, { message });
    const unknownSubject =
      !irsa && subject === null
        ? text(
            "CloudTrail does not name the pod of a failed `AssumeRoleForPodIdentity`, so this may be another pod on the node. " +
              (f.cniUsesPodIdentity === true
                ? `aws-node has a Pod Identity association in this cluster (${knownFrom(f)}), so it is a likely caller.`
                : "Reported as info (a lower severity): nothing seen so far shows aws-node with a Pod Identity association here " +
                  "(`aws eks list-pod-identity-associations --namespace kube-system --service-account aws-node` tells)."),
          )
        : null;
    const remediation = sections([
      [
        "What",
        cat(
          md`${code(api)} failed (${code(errorCode ?? "error")}) ${howOften(alert)} in ${where(alert)}`,
          subject ? md` for ${code(subject)}` : [],
          roleArn ? md`, role ${code(roleArn)}` : [],
          message ? md`: ${message}` : md`.`,
        ),
      ],
      ["Attribution", unknownSubject],
      [
        "Impact",
        text(
          (irsa || subject !== null ? "" : "if the failing pod is aws-node: ") +
            "aws-node gets no AWS credentials of its own: EC2 calls fail or fall back to the node role, new pods get no IP " +
            "and new nodes stay NotReady.",
        ),
      ],
      ["Cause", advice.cause],
      ["Fix", advice.fix],
      ["Check", advice.check],
    ]);
    const who = subject === AWS_NODE_SA || irsa ? "aws-node" : "A pod (possibly aws-node)";
    return {
      title: `${who} cannot get credentials: ${api} denied — ${plural(alert.count, "failure")}`,
      remediation,
    };
  },
};
