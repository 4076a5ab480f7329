import { join, md, paragraphs, strong, text } from "../../render/remediation.ts";
import type { FleetCheck } from "../check.ts";
import { clusterFeatures } from "../cluster-features.ts";
import { catalogImpact, consequence } from "../permissions/consequence.ts";
import { missingPermissionBlocks } from "../permissions/fix-text.ts";
import { deniedByText, permissionVerdict } from "../permissions/verdict.ts";
import { clusterIpFamilies, findAddon } from "../snapshot.ts";

// The running vpc-cni needs an EC2 action that IAM's policy simulator says the CNI's role is
// denied (iam:SimulatePrincipalPolicy, recorded by the inventory). A denial that blocks on this
// version (DescribeSubnets from v1.22) is critical; others are high. Roles the auditor may not
// simulate are reported once, low, so "no finding" never hides "not checked".
export const check: FleetCheck = {
  id: "fleet/cni-role-missing-permissions",
  summary: "The CNI's IAM role is denied an EC2 action the running vpc-cni version needs (IAM policy simulation)",
  looksAt:
    "iam:SimulatePrincipalPolicy of the add-on's IRSA role, the Pod Identity association role, or the node roles, for the EC2 actions the catalog says the version and IP family need",
  severity: "high",
  references: [
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/iam-policy.md",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html",
  ],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    if (!cni?.version) return [];
    const families = clusterIpFamilies(c);
    const subnetDiscoveryOff = clusterFeatures(c).features.includes("subnet-discovery-off");
    const verdict = permissionVerdict(c.cniPermissions, cni.version, families, { subnetDiscoveryOff });
    if (verdict.state === "unchecked") {
      return [
        {
          subject: "not-simulated",
          severity: "low",
          title: `The CNI role permissions of ${c.name} could not be checked`,
          facts: { addonVersion: cni.version, reasons: verdict.reasons },
          remediation: paragraphs(
            md`${join(verdict.reasons.map((r) => md`${r}`), "; ")}.`,
            text("The auditor's role needs `iam:SimulatePrincipalPolicy` on the account's roles (`role/*`: node roles are the fallback) to check them; the member role of this project's infra has it."),
          ),
        },
      ];
    }
    if (verdict.state !== "missing") return [];
    const missing = verdict.missing;
    const actions = [...new Set(missing.map((m) => m.action))];
    const first = missing[0]!;
    return [
      {
        severity: missing.some((m) => m.blocking) ? "critical" : "high",
        title: `The CNI role of ${c.name} lacks ${actions.join(", ")}, which vpc-cni ${cni.version} needs: ${consequence(first.action, cni.version, families, first.blocking)}`,
        facts: {
          addonVersion: cni.version,
          ipFamilies: families,
          missingActions: actions,
          blockingActions: [...new Set(missing.filter((m) => m.blocking).map((m) => m.action))],
          roles: [...new Set(missing.map((m) => m.roleArn))],
          deniedBy: [...new Set(missing.map((m) => m.deniedBy))],
        },
        remediation: paragraphs(
          ...missing.map(
            (m) =>
              md`${strong(m.action)} is denied to ${m.roleArn} by ${deniedByText(m.deniedBy)}${m.missingContextValues.length ? md` (the simulator also lacked ${m.missingContextValues.join(", ")})` : ""}: ${text(catalogImpact(m.action, cni.version) ?? `${consequence(m.action, cni.version, families, m.blocking)}.`)}`,
          ),
          missingPermissionBlocks(missing, c.region),
        ),
      },
    ];
  },
};
