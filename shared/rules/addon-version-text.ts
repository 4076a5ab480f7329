import { inVersionRange, knownIssueById, requirementsFor } from "../catalog/index.ts";
import type { KnownIssue } from "../catalog/index.ts";
import type { FoldedAlert } from "../types.ts";
import type { Rendered } from "./rule.ts";
import { blank, checked } from "../render/command-values.ts";
import type { Block, Inline } from "../render/remediation.ts";
import type { Command } from "../render/shell.ts";
import { list } from "../render/remediation.ts";
import { block, bool, cat, clusterArg, cmd, code, howOften, join, md, num, ref, regionArg, sections, str, strs, text, where } from "./text.ts";

// How addon-version-changed reads.

const ONE_MINOR = "vpc-cni-one-minor-at-a-time";

/** The environment variable or key behind each feature, for "configuration turns on …". */
const FEATURE_SOURCE: Record<string, string> = {
  "custom-networking": "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true",
  "pod-eni": "ENABLE_POD_ENI=true",
  "prefix-delegation": "ENABLE_PREFIX_DELEGATION=true",
  ipv6: "ENABLE_IPv6=true",
  "network-policy": "enableNetworkPolicy=true",
  "network-policy-enforcing-mode": "NETWORK_POLICY_ENFORCING_MODE",
  "subnet-discovery": "ENABLE_SUBNET_DISCOVERY=true",
  "imds-only": "ENABLE_IMDS_ONLY_MODE=true",
  "multi-nic": "ENABLE_MULTI_NIC=true",
  "external-snat": "AWS_VPC_K8S_CNI_EXTERNALSNAT=true",
  "pod-identity": "Pod Identity associations",
};

const FEATURE_LABEL: Record<string, string> = {
  "custom-networking": "custom networking",
  "pod-eni": "security groups for pods",
  "pod-identity": "Pod Identity",
};

// A fixed release names an upstream version (v1.19.5); which EKS builds of it exist, and which
// the cluster's Kubernetes version is offered, only DescribeAddonVersions knows: the fix lists
// them rather than printing a build that may not exist (there is no v1.13.1 at all).

function checkCommand(addon: string): Command {
  const image = ["jsonpath=", "{.spec.template.spec.containers[0].image}"];
  if (addon === "vpc-cni") return cmd("kubectl", "-n", "kube-system", "get", "ds", "aws-node", "-o", image);
  if (addon === "coredns") return cmd("kubectl", "-n", "kube-system", "get", "deploy", "coredns", "-o", image);
  return cmd("kubectl", "-n", "kube-system", "get", "ds", checked("k8sName", addon), "-o", image);
}

function titleOf(f: FoldedAlert["facts"], addon: string, issues: KnownIssue[]): string {
  const to = str(f, "toVersion");
  const from = str(f, "fromVersion");
  const versionRequested = bool(f, "versionRequested") ?? to !== null;
  const head = !versionRequested
    ? `${addon} configuration changed${to ? ` (${to})` : ""}`
    : `${addon} ${bool(f, "downgrade") ? "downgraded" : str(f, "operation") === "CreateAddon" ? "installed at" : "updated"} to ${to ?? "an unknown version"}` +
      (from && from !== to ? ` from ${from}` : "");
  const on = strs(f, "features").filter((x) => issues.some((e) => (e.when as readonly string[]).includes(x)));
  const tail = issues[0]
    ? ` — ${on.length > 0 ? `with ${on.map((x) => FEATURE_LABEL[x] ?? x).join(" and ")} on, ` : ""}known issue: ${issues[0].title.replace(/^v[\d.–v-]+: /, "")}`
    : (num(f, "skippedMinors") ?? 0) > 0 && addon === "vpc-cni"
      ? ` — skips ${num(f, "skippedMinors")} minor version(s)`
      : str(f, "resolveConflicts") === "OVERWRITE"
        ? " with resolveConflicts=OVERWRITE"
        : "";
  return head + tail;
}

export function renderAddonVersionChanged(alert: FoldedAlert): Rendered {
  const f = alert.facts;
  const addon = str(f, "addonName") ?? "add-on";
  const to = str(f, "toVersion");
  const from = str(f, "fromVersion");
  const features = strs(f, "features");
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const issues = alert.knownIssues.map(knownIssueById).filter((e): e is KnownIssue => e !== undefined);
  // Requirements this change brings in: those of the target version that did not hold for the previous one.
  const notes = to
    ? requirementsFor(addon, to, features).filter(
        (e) => e.id !== ONE_MINOR && !alert.knownIssues.includes(e.id) && !(from && inVersionRange(from, e.from, e.toExclusive)),
      )
    : [];
  const resolve = str(f, "resolveConflicts");
  const skipped = num(f, "skippedMinors") ?? 0;
  const addonArg = checked("addonName", addon);
  const update = (version: string | ReturnType<typeof blank>) =>
    cmd("aws", "eks", "update-addon", "--cluster-name", cluster, "--addon-name", addonArg, "--addon-version", version, "--resolve-conflicts", "PRESERVE", ...region);
  const listVersions = cmd("aws", "eks", "describe-addon-versions", "--addon-name", addonArg, "--kubernetes-version", blank("<kubernetes-version>"), "--query", "addons[].addonVersions[].addonVersion", ...region);
  const clusterVersion = cmd("aws", "eks", "describe-cluster", "--name", cluster, "--query", "cluster.version", ...region);
  const fixedIn = issues.map((e) => e.fixedIn).find((v): v is string => v !== null);

  const fix: Array<Inline | Block> = [];
  if (fixedIn)
    fix.push(
      md`move forward to ${code(fixedIn)} or later: list the builds EKS offers for the cluster's Kubernetes version, then update to the newest one at or above it:`,
      block(clusterVersion, listVersions, update(blank("<version>"))),
    );
  if (bool(f, "downgrade") && from)
    fix.push(md`a downgrade: if not intended, return to ${code(from)}:`, block(update(checked("addonVersion", from))));
  if (addon === "vpc-cni" && skipped > 0)
    fix.push(
      cat(
        md`${skipped} minor version(s) skipped: upgrade the VPC CNI one minor at a time and check aws-node after each step `,
        md`(${knownIssueById(ONE_MINOR)?.references[0] ? ref(knownIssueById(ONE_MINOR)!.references[0]!) : text("EKS user guide")}).`,
      ),
    );
  if (resolve === "OVERWRITE")
    fix.push(
      text(
        "`OVERWRITE` replaced fields changed outside the add-on (env tweaks, an IRSA annotation set by hand): set them through the add-on " +
          "(`--configuration-values`, `--service-account-role-arn`) and prefer `--resolve-conflicts PRESERVE`.",
      ),
    );
  if (fix.length === 0)
    fix.push(
      text("nothing known to fix for this version and configuration. If the change was not planned, review what is applied:"),
      block(cmd("aws", "eks", "describe-addon", "--cluster-name", cluster, "--addon-name", addonArg, "--query", "addon.[addonVersion,configurationValues]", ...region)),
    );
  const configError = str(f, "configurationError");
  const refs = (e: KnownIssue, n: number): Inline => join(e.references.slice(0, n).map(ref), ", ");
  const remediation = sections([
    [
      "What",
      cat(
        md`${code(str(f, "operation") ?? "UpdateAddon")} ${addon} → ${code(to ?? "unknown version")}`,
        from ? md` (from ${code(from)})` : [],
        md` in ${where(alert)} by ${code(str(f, "actorName") ?? str(f, "actor") ?? "an unknown caller")}`,
        resolve ? md`, ${code(`resolveConflicts=${resolve}`)}` : [],
        features.length > 0 ? md`; configuration turns on ${join(features.map((x) => code(FEATURE_SOURCE[x] ?? x)), ", ")}` : [],
        md`; ${howOften(alert)}.`,
      ),
    ],
    ["Configuration", configError ? md`${configError}` : null],
    [
      "Impact",
      issues.length > 0
        ? join(issues.map((e) => text(e.impact)), " ")
        : bool(f, "downgrade")
          ? text("a downgrade can undo fixes and settings of the newer version.")
          : null,
    ],
    ["Cause", issues.length > 0 ? join(issues.map((e) => md`${text(e.title)} (${refs(e, 2)})`), "; ") : null],
    ["Fix", fix],
    ["Also", notes.length > 0 ? list(notes.map((e) => md`${text(e.title)}: ${text(e.fix)} (${refs(e, 1)})`)) : null],
    [
      "Check",
      [
        block(checkCommand(addon), cmd("aws", "eks", "describe-addon", "--cluster-name", cluster, "--addon-name", addonArg, "--query", "addon.[addonVersion,status,health]", ...region)),
        md`shows ${fixedIn ? md`${code(fixedIn)} or later` : code(to ?? "the intended version")}, status ACTIVE and no health issues; new nodes reach Ready.`,
      ],
    ],
  ]);
  return { title: titleOf(f, addon, issues), remediation };
}
