import type { Severity } from "../types.ts";
import { addonStateKey } from "../core/addon-state.ts";
import type { CloudTrailRule } from "./rule.ts";
import { actorName, addonNameOf, preserveOf } from "./addon-request.ts";
import { addonKeysAt, cloudTrailPlacement, dedupKey, failed, issuerArn, makeFinding } from "./predicates.ts";
import { blank, checked } from "../render/command-values.ts";
import { block, bool, cat, clusterArg, cmd, code, howOften, md, regionArg, sections, str, strs, text, where } from "./text.ts";

const WATCHED = ["vpc-cni", "eks-pod-identity-agent"];

function severityOf(addon: string, preserve: boolean, cniUsesPodIdentity: boolean): Severity {
  if (addon === "vpc-cni") return preserve ? "medium" : "critical";
  if (preserve) return "low";
  return cniUsesPodIdentity ? "high" : "medium";
}

export const addonDeleted: CloudTrailRule = {
  id: "addon-deleted",
  source: "cloudtrail",
  summary: "Successful DeleteAddon of vpc-cni or eks-pod-identity-agent: networking of new nodes at risk (critical for vpc-cni unless preserved).",
  defaultSeverity: "critical",
  dedupKeyDoc: "account | region | addon-deleted | cluster | addon",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/removing-an-add-on.html",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/3840",
  ],
  triggers: [{ eventSource: "eks.amazonaws.com", eventNames: ["DeleteAddon"], failed: false }],

  // The deleted add-on's last state, and whether the CNI uses Pod Identity (rates losing the agent).
  addonStateKeys(event) {
    const addon = addonNameOf(event.record);
    return addon !== null && WATCHED.includes(addon) ? addonKeysAt(event, [addon, "vpc-cni"]) : [];
  },

  match(event, ctx) {
    const r = event.record;
    if (r.eventSource !== "eks.amazonaws.com" || r.eventName !== "DeleteAddon" || failed(r)) return undefined;
    const addon = addonNameOf(r);
    if (addon === null || !WATCHED.includes(addon)) return undefined;
    const where = cloudTrailPlacement(event);
    const state = (name: string) => ctx.addonState(addonStateKey(where.account, where.region, where.cluster, name));
    const prev = state(addon);
    const preserve = preserveOf(r);
    const cniUsesPodIdentity = state("vpc-cni")?.features.includes("pod-identity") ?? false;
    const actor = issuerArn(r);
    return makeFinding("addon-deleted", event, where, {
      severity: severityOf(addon, preserve, cniUsesPodIdentity),
      dedupKey: dedupKey("addon-deleted", where, where.cluster, addon),
      actor,
      facts: {
        addonName: addon,
        preserve,
        lastVersion: prev?.version ?? null,
        features: prev?.features ?? [],
        cniUsesPodIdentity,
        actor,
        actorName: actorName(r),
      },
    });
  },

  addonUpdate(finding) {
    const addon = typeof finding.facts.addonName === "string" ? finding.facts.addonName : null;
    if (addon === null) return undefined;
    // With preserve the software keeps running unmanaged; without it, it is gone.
    const preserve = finding.facts.preserve === true;
    const lastVersion = typeof finding.facts.lastVersion === "string" ? finding.facts.lastVersion : null;
    return {
      key: addonStateKey(finding.account, finding.region, finding.cluster, addon),
      state: { version: preserve ? lastVersion : null, features: preserve ? strs(finding.facts, "features") : [], timeMs: finding.timeMs },
    };
  },

  render(alert) {
    const f = alert.facts;
    const addon = str(f, "addonName") ?? "vpc-cni";
    const preserve = bool(f, "preserve") ?? false;
    const last = str(f, "lastVersion");
    const cluster = clusterArg(alert);
    const region = regionArg(alert);
    const cni = addon === "vpc-cni";
    const addonArg = checked("addonName", addon);
    const impact = cni
      ? preserve
        ? "the aws-node DaemonSet keeps running but is no longer managed: no add-on updates, no configuration through EKS, drift goes unnoticed."
        : "the aws-node DaemonSet and its RBAC are removed: new nodes get no pod networking and stay NotReady; existing pods keep their IPs until restarted."
      : preserve
        ? "the agent keeps running unmanaged; it receives no updates."
        : "the Pod Identity agent is removed: pods using Pod Identity get no credentials" +
          (f.cniUsesPodIdentity === true ? " — including aws-node, which uses Pod Identity here: new nodes stay NotReady (amazon-vpc-cni-k8s #3840)." : ".");
    const remediation = sections([
      [
        "What",
        cat(
          md`${code("DeleteAddon")} ${addon} (${code(`preserve=${preserve}`)}) in ${where(alert)} by `,
          md`${code(str(f, "actorName") ?? str(f, "actor") ?? "an unknown caller")}, ${howOften(alert)}`,
          last ? md`; last version seen ${code(last)}.` : text("."),
        ),
      ],
      ["Impact", text(impact)],
      [
        "Fix",
        [
          text("if not intended, install it again (pick the version the cluster supports):"),
          block(
            cmd("aws", "eks", "describe-addon-versions", "--addon-name", addonArg, "--kubernetes-version", blank("<version>"), "--query", "addons[].addonVersions[].addonVersion", ...region),
            cmd("aws", "eks", "create-addon", "--cluster-name", cluster, "--addon-name", addonArg, "--addon-version", last ? checked("addonVersion", last) : blank("<version>"), "--resolve-conflicts", "OVERWRITE", ...region),
          ),
          cni && text("Re-attach the CNI role with `--service-account-role-arn` or a Pod Identity association."),
        ],
      ],
      [
        "Check",
        [
          block(
            cmd("aws", "eks", "describe-addon", "--cluster-name", cluster, "--addon-name", addonArg, "--query", "addon.[addonVersion,status]", ...region),
            cmd("kubectl", "-n", "kube-system", "get", "ds", cni ? "aws-node" : "eks-pod-identity-agent"),
          ),
          text("shows the add-on ACTIVE and the DaemonSet ready on every node."),
        ],
      ],
    ]);
    return { title: `${addon} add-on deleted${preserve ? " (resources preserved)" : ""}`, remediation };
  },
};
