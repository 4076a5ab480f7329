import { inVersionRange, knownIssueById, parseAddonVersion, requirementsFor } from "../catalog/index.ts";
import type { KnownIssue } from "../catalog/index.ts";
import type { FoldedAlert } from "../types.ts";
import type { Rendered } from "./rule.ts";
import { block, bool, clusterArg, code, howOften, num, ref, regionArg, sections, str, strs, where } from "./text.ts";

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

/** `v1.19.5` → `v1.19.5-eksbuild.1`: the first EKS build of a fixed release (check the list for newer builds). */
function addonBuild(version: string): string {
  const v = parseAddonVersion(version);
  return v && v.build === null ? `${version.startsWith("v") ? version : `v${version}`}-eksbuild.1` : version;
}

function checkCommand(addon: string): string {
  if (addon === "vpc-cni") return "kubectl -n kube-system get ds aws-node -o jsonpath='{.spec.template.spec.containers[0].image}'";
  if (addon === "coredns") return "kubectl -n kube-system get deploy coredns -o jsonpath='{.spec.template.spec.containers[0].image}'";
  return `kubectl -n kube-system get ds ${addon} -o jsonpath='{.spec.template.spec.containers[0].image}'`;
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
  const list = `aws eks describe-addon-versions --addon-name ${addon} --kubernetes-version <version> --query 'addons[].addonVersions[].addonVersion'${region}`;
  const fixedIn = issues.map((e) => e.fixedIn).find((v): v is string => v !== null);

  const fix: string[] = [];
  if (fixedIn)
    fix.push(
      "move forward to the fixed release:\n" +
        block(`aws eks update-addon --cluster-name ${cluster} --addon-name ${addon} --addon-version ${addonBuild(fixedIn)} --resolve-conflicts PRESERVE${region}`) +
        `\n(list what the cluster supports: \`${list}\`).`,
    );
  if (bool(f, "downgrade") && from)
    fix.push(
      `a downgrade: if not intended, return to ${code(from)}:\n` +
        block(`aws eks update-addon --cluster-name ${cluster} --addon-name ${addon} --addon-version ${from} --resolve-conflicts PRESERVE${region}`),
    );
  if (addon === "vpc-cni" && skipped > 0)
    fix.push(
      `${skipped} minor version(s) skipped: upgrade the VPC CNI one minor at a time and check aws-node after each step ` +
        `(${ref(knownIssueById(ONE_MINOR)?.references[0] ?? "EKS user guide")}).`,
    );
  if (resolve === "OVERWRITE")
    fix.push(
      "`OVERWRITE` replaced fields changed outside the add-on (env tweaks, an IRSA annotation set by hand): set them through the add-on " +
        `(\`--configuration-values\`, \`--service-account-role-arn\`) and prefer \`--resolve-conflicts PRESERVE\`.`,
    );
  if (fix.length === 0)
    fix.push(
      "nothing known to fix for this version and configuration. If the change was not planned, review what is applied:\n" +
        block(`aws eks describe-addon --cluster-name ${cluster} --addon-name ${addon} --query 'addon.[addonVersion,configurationValues]'${region}`),
    );
  const configError = str(f, "configurationError");
  const remediation = sections([
    [
      "What",
      `${code(str(f, "operation") ?? "UpdateAddon")} ${addon} → ${code(to ?? "unknown version")}` +
        (from ? ` (from ${code(from)})` : "") +
        ` in ${where(alert)} by ${code(str(f, "actorName") ?? str(f, "actor") ?? "an unknown caller")}` +
        (resolve ? `, \`resolveConflicts=${resolve}\`` : "") +
        (features.length > 0 ? `; configuration turns on ${features.map((x) => code(FEATURE_SOURCE[x] ?? x)).join(", ")}` : "") +
        `; ${howOften(alert)}.`,
    ],
    ["Configuration", configError],
    ["Impact", issues.map((e) => e.impact).join(" ") || (bool(f, "downgrade") ? "a downgrade can undo fixes and settings of the newer version." : null)],
    ["Cause", issues.map((e) => `${e.title} (${e.references.slice(0, 2).map(ref).join(", ")})`).join("; ") || null],
    ["Fix", fix.join("\n")],
    ["Also", notes.map((e) => `\n- ${e.title}: ${e.fix} (${e.references.slice(0, 1).map(ref).join("")})`).join("") || null],
    [
      "Check",
      block(checkCommand(addon), `aws eks describe-addon --cluster-name ${cluster} --addon-name ${addon} --query 'addon.[addonVersion,status,health]'${region}`) +
        `\nshows ${code(fixedIn ? addonBuild(fixedIn) : (to ?? "the intended version"))}, status ACTIVE and no health issues; new nodes reach Ready.`,
    ],
  ]);
  return { title: titleOf(f, addon, issues), remediation };
}
