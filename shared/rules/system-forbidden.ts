import type { K8sAuditRecord } from "../types.ts";
import type { AuditRule } from "./rule.ts";
import {
  ADDON_MANAGER,
  AWS_NODE_SA,
  RC_USER,
  SYSTEM_USERS,
  auditPlacement,
  dedupKey,
  isForbidden,
  makeFinding,
  shortenAwsMessage,
  systemUsers,
  username,
} from "./predicates.ts";
import { checked } from "../render/command-values.ts";
import type { Block, Inline } from "../render/remediation.ts";
import type { Command, Word } from "../render/shell.ts";
import { block, cat, cmd, clusterArg, code, howOften, inlineCommand, md, num, plural, regionArg, sampleText, sections, str, strs, text, where } from "./text.ts";
import { pipe } from "../render/shell.ts";

const OBJECT_SAMPLE = 20;

/** `pods`, `serviceaccounts/token`; non-resource requests: `nonResourceURL:/metrics`. */
function resourceOf(r: K8sAuditRecord): string {
  const ref = r.objectRef;
  if (ref?.resource) return ref.subresource ? `${ref.resource}/${ref.subresource}` : ref.resource;
  const path = (r.requestURI ?? "").split("?")[0] ?? "";
  return `nonResourceURL:${path || "?"}`;
}

function canI(user: string, verb: string, resource: string, apiGroup: string | null, ns: string | null): Command {
  const as: Word = ["--as=", checked("k8sUser", user)];
  const v = checked("k8sVerb", verb);
  if (resource.startsWith("nonResourceURL:")) return cmd("kubectl", "auth", "can-i", v, resource.slice(15), as);
  const [base, sub] = resource.split("/");
  const target = checked("k8sResource", apiGroup ? `${base}.${apiGroup}` : base);
  return cmd("kubectl", "auth", "can-i", v, target, sub && ["--subresource=", checked("k8sResource", sub)], as, ...(ns ? ["-n", checked("namespace", ns)] : []));
}

function causeAndFix(user: string, alertCluster: Word, region: Word[]): [Inline, Array<Inline | Block>] {
  if (user === AWS_NODE_SA)
    return [
      text(
        "aws-node's permissions come from the `aws-node` ClusterRole the VPC CNI add-on (or its manifest / Helm chart) installs; " +
          "an edited or outdated ClusterRole, or an add-on older than the CNI image, lacks this permission " +
          "(for example the CNINode `watch` added in v1.15.5, amazon-vpc-cni-k8s #2681).",
      ),
      [
        text("restore the add-on's RBAC (this also overwrites other changes made outside the add-on to its objects):"),
        block(
          cmd("kubectl", "get", "clusterrole", "aws-node", "-o", "yaml"),
          cmd("aws", "eks", "update-addon", "--cluster-name", alertCluster, "--addon-name", "vpc-cni", "--resolve-conflicts", "OVERWRITE", ...region),
        ),
        text("Self-managed CNI: re-apply the manifest or `helm upgrade` the chart of the running version."),
      ],
    ];
  if (user === RC_USER)
    return [
      text(
        "the VPC resource controller runs in the EKS control plane with the EKS-managed ClusterRole `vpc-resource-controller-role`; " +
          "a permission newer controller versions need is missing from it (compare amazon-vpc-cni-k8s #2926).",
      ),
      [
        text(
          "compare `kubectl get clusterrole vpc-resource-controller-role -o yaml` with the controller's role " +
            "(amazon-vpc-resource-controller-k8s `config/rbac/role.yaml`), add the missing verb with `kubectl patch clusterrole`, " +
            "and open an AWS support case so EKS fixes the role.",
        ),
      ],
    ];
  if (user === ADDON_MANAGER)
    return [
      text(
        "EKS manages add-ons in the cluster as `eks:addon-manager` with EKS-created roles and bindings; one was edited or " +
          "deleted, or a new add-on version needs more than they grant. Add-on installs and updates fail meanwhile.",
      ),
      [
        text("look for changed `eks:addon-manager` roles and bindings and restore them, then retry the add-on operation:"),
        block(
          cmd("kubectl", "get", "clusterrole,clusterrolebinding", "-o", "name", pipe, "grep", "eks:addon-manager"),
          cmd("kubectl", "get", "role,rolebinding", "-n", "kube-system", "-o", "name", pipe, "grep", "eks:addon-manager"),
          cmd("aws", "eks", "describe-addon", "--cluster-name", alertCluster, "--addon-name", "vpc-cni", "--query", "addon.health", ...region),
        ),
      ],
    ];
  return [
    text("this identity is listed as a system identity in the auditor's configuration; its RBAC role lacks the permission."),
    [
      md`find its bindings (${inlineCommand(
        cmd("kubectl", "get", "clusterrolebindings,rolebindings", "-A", "-o", "wide", pipe, "grep", "-F", "--", checked("k8sUser", user)),
      )}) and grant the missing verb.`,
    ],
  ];
}

export const systemForbidden: AuditRule = {
  id: "system-forbidden",
  source: "audit",
  summary:
    "Any other 403 for a VPC CNI / EKS system identity (eks:vpc-resource-controller, eks:addon-manager, aws-node, configured users).",
  defaultSeverity: "high",
  dedupKeyDoc: "account | region | system-forbidden | cluster | user | verb | resource",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/issues/2926", "https://github.com/aws/amazon-vpc-cni-k8s/pull/2681"],
  trigger: { codes: [403], users: [...SYSTEM_USERS], usersFromConfig: true },

  match(event, ctx) {
    const r = event.record;
    const user = username(r);
    if (user === null || !isForbidden(r) || !systemUsers(ctx.config).includes(user)) return undefined;
    // The controller's cninodes 403s are cninodes-forbidden's (a known EKS bug with its own fix).
    if (user === RC_USER && r.objectRef?.resource === "cninodes") return undefined;
    const where = auditPlacement(event);
    const verb = r.verb ?? "unknown";
    const resource = resourceOf(r);
    const message = shortenAwsMessage(r.responseStatus?.message);
    return makeFinding("system-forbidden", event, where, {
      severity: SYSTEM_USERS.includes(user) ? "high" : "medium",
      dedupKey: dedupKey("system-forbidden", where, where.cluster, user, verb, resource),
      actor: user,
      facts: {
        user,
        verb,
        resource,
        apiGroup: r.objectRef?.apiGroup ?? null,
        namespace: r.objectRef?.namespace ?? null,
        objects: r.objectRef?.name ? [r.objectRef.name] : [],
        ...(message ? { message } : {}),
        ...(r.userAgent ? { userAgent: r.userAgent } : {}),
      },
    });
  },

  render(alert) {
    const f = alert.facts;
    const user = str(f, "user") ?? "a system identity";
    const verb = str(f, "verb") ?? "access";
    const resource = str(f, "resource") ?? "a resource";
    const ns = str(f, "namespace");
    const apiGroup = str(f, "apiGroup");
    const objects = strs(f, "objects");
    const objectCount = Math.max(objects.length, num(f, "objectCount") ?? 0);
    const [cause, fix] = causeAndFix(user, clusterArg(alert), regionArg(alert));
    const remediation = sections([
      [
        "What",
        cat(
          md`${code(user)} was refused ${code(verb)} on ${code(apiGroup ? `${resource}.${apiGroup}` : resource)}`,
          ns ? md` in namespace ${code(ns)}` : [],
          md` in ${where(alert)}, ${howOften(alert)}`,
          objects.length > 0 ? md` (objects ${sampleText(objects, 3, objectCount)}).` : text("."),
        ),
      ],
      ["Message", md`${str(f, "message")}`],
      ["Impact", text("the system component cannot do its work; VPC CNI networking or add-on management degrades until RBAC is fixed.")],
      ["Cause", cause],
      ["Fix", fix],
      ["Check", md`${inlineCommand(canI(user, verb, resource, apiGroup, ns))} → \`yes\`; the next window brings no new alert.`],
    ]);
    return {
      title: `${user} is forbidden to ${verb} ${resource} — ${plural(alert.count, "denial")}`,
      remediation,
      facts: { ...f, objects: objects.slice(0, OBJECT_SAMPLE), objectCount },
    };
  },
};
