// Every fleet check on snapshots: a failing case (it fires, with what it says) and a passing
// case next to it (the smallest change that makes it quiet).
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import type { FleetCheck } from "../../../shared/fleet/check.ts";
import { FLEET_CHECKS } from "../../../shared/fleet/checks/index.ts";
import type { ClusterSnapshot } from "../../../shared/fleet/snapshot.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { PI_ASSOCIATION, addon, makeCluster, vpcCni, withAddon, withoutAddon } from "./cluster-fixture.ts";

function check(id: string): FleetCheck {
  const found = FLEET_CHECKS.find((c) => c.id === `fleet/${id}`);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}
/** The hits, with remediation as the Markdown the report and alert JSON carry. */
const hits = (id: string, c: ClusterSnapshot) => check(id).evaluate(c).map((h) => ({ ...h, remediation: toMarkdown(h.remediation) }));

describe("fleet check registry", () => {
  it("has unique ids equal to the file names", () => {
    const files = readdirSync(new URL("../../../shared/fleet/checks/", import.meta.url))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => `fleet/${f.replace(/\.ts$/, "")}`)
      .sort();
    const ids = FLEET_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(files);
  });

  it("gives every check a summary and at least one https reference", () => {
    for (const c of FLEET_CHECKS) {
      expect(c.summary.length, c.id).toBeGreaterThan(10);
      expect(c.references.length, c.id).toBeGreaterThan(0);
      for (const r of c.references) expect(r, c.id).toMatch(/^https:\/\//);
    }
  });

  it("finds nothing on the healthy baseline cluster", () => {
    const base = makeCluster();
    expect(FLEET_CHECKS.flatMap((c) => c.evaluate(base).map((h) => `${c.id}: ${h.title}`))).toEqual([]);
  });
});

describe("fleet/known-issue", () => {
  it("fires for v1.19.4 with custom networking, naming the catalog entry and a fixed target", () => {
    const c = withAddon(makeCluster(), vpcCni({ version: "v1.19.4-eksbuild.1" }));
    const [h, ...rest] = hits("known-issue", c);
    expect(rest).toEqual([]);
    expect(h?.knownIssues).toEqual(["vpc-cni-v1.19.4-custom-networking-sgp-node-init"]);
    expect(h?.severity).toBe("critical");
    expect(h?.facts.targetVersion).toBe("v1.20.4-eksbuild.1");
    expect(h?.remediation).toContain("aws eks update-addon --region us-west-2 --cluster-name demo-cluster --addon-name vpc-cni --addon-version v1.20.4-eksbuild.1");
    expect(h?.references).toContain("https://github.com/aws/amazon-vpc-cni-k8s/pull/3277");
  });

  it("stays quiet for v1.19.4 when neither custom networking nor pod ENI is configured", () => {
    const c = withAddon(makeCluster(), vpcCni({ version: "v1.19.4-eksbuild.1", configurationValues: '{"env":{"ENABLE_PREFIX_DELEGATION":"true"}}' }));
    expect(hits("known-issue", c)).toEqual([]);
  });

  it("matches unconditional issues and says when the configuration cannot be read", () => {
    const c = withAddon(makeCluster(), vpcCni({ version: "v1.16.3-eksbuild.1", configurationValues: "env: {}" }));
    const [h] = hits("known-issue", c);
    expect(h?.knownIssues).toContain("vpc-cni-v1.16.3-eni-scaleup-livelock");
    expect(h?.remediation).toMatch(/could not be read/);
  });
});

describe("fleet/below-oldest-recommended", () => {
  it("fires when the CNI is older than the floor for the Kubernetes version", () => {
    const c = withAddon(makeCluster({ kubernetesVersion: "1.32" }), vpcCni({ version: "v1.15.1-eksbuild.1" }));
    const [h] = hits("below-oldest-recommended", c);
    expect(h?.facts).toMatchObject({ oldestRecommended: "v1.17.1", floorSource: "readme", targetVersion: "v1.20.4-eksbuild.1" });
    // Five minors to climb: the remediation walks them one at a time.
    expect(h?.remediation).toContain("v1.16 → v1.17 → v1.18 → v1.19 → v1.20");
  });

  it("passes at the floor, and for a Kubernetes version without a recommendation", () => {
    expect(hits("below-oldest-recommended", withAddon(makeCluster({ kubernetesVersion: "1.32" }), vpcCni({ version: "v1.17.1-eksbuild.1" })))).toEqual([]);
    // Ended versions have no row any more (no dead rows).
    expect(hits("below-oldest-recommended", withAddon(makeCluster({ kubernetesVersion: "1.30" }), vpcCni({ version: "v1.15.1-eksbuild.1" })))).toEqual([]);
    expect(hits("below-oldest-recommended", withAddon(makeCluster({ kubernetesVersion: "1.99" }), vpcCni({ version: "v1.10.0-eksbuild.1" })))).toEqual([]);
  });
});

describe("fleet/behind-default-version", () => {
  it("fires below the default version, medium when minors lie between", () => {
    const [patch] = hits("behind-default-version", withAddon(makeCluster(), vpcCni({ version: "v1.20.3-eksbuild.1" })));
    expect(patch?.severity).toBe("low");
    const [minor] = hits("behind-default-version", withAddon(makeCluster(), vpcCni({ version: "v1.18.3-eksbuild.2" })));
    expect(minor).toMatchObject({ severity: "medium", facts: { minorsBetween: 1, defaultVersion: "v1.20.4-eksbuild.1" } });
  });

  it("passes at or above the default, and when the default is unknown", () => {
    expect(hits("behind-default-version", withAddon(makeCluster(), vpcCni({ version: "v1.21.1-eksbuild.1" })))).toEqual([]);
    expect(hits("behind-default-version", { ...withAddon(makeCluster(), vpcCni({ version: "v1.18.3-eksbuild.2" })), addonVersions: {} })).toEqual([]);
  });
});

describe("fleet/pod-identity-agent-missing", () => {
  const pi = (c: ClusterSnapshot): ClusterSnapshot => ({ ...c, podIdentityAssociations: [PI_ASSOCIATION] });

  it("fires when aws-node has an association and the agent add-on is absent", () => {
    const [h] = hits("pod-identity-agent-missing", withoutAddon(pi(makeCluster()), "eks-pod-identity-agent"));
    expect(h).toMatchObject({ knownIssues: ["vpc-cni-pod-identity-needs-agent"], facts: { podIdentityRoles: [PI_ASSOCIATION.roleArn] } });
    expect(h?.remediation).toContain("aws eks create-addon --region us-west-2 --cluster-name demo-cluster --addon-name eks-pod-identity-agent --addon-version v1.3.8-eksbuild.2");
  });

  it("also fires on the add-on's association ARNs alone (ListPodIdentityAssociations denied)", () => {
    const c = withoutAddon(withAddon(makeCluster(), vpcCni({ podIdentityAssociationArns: [PI_ASSOCIATION.associationArn] })), "eks-pod-identity-agent");
    expect(hits("pod-identity-agent-missing", c).length).toBe(1);
  });

  it("passes with the agent installed, without associations, and in Auto Mode", () => {
    expect(hits("pod-identity-agent-missing", pi(makeCluster()))).toEqual([]);
    expect(hits("pod-identity-agent-missing", withoutAddon(makeCluster(), "eks-pod-identity-agent"))).toEqual([]);
    expect(hits("pod-identity-agent-missing", { ...withoutAddon(pi(makeCluster()), "eks-pod-identity-agent"), autoMode: true })).toEqual([]);
  });
});

describe("fleet/pod-identity-agent-outdated", () => {
  const old = (c: ClusterSnapshot) => withAddon(c, addon("eks-pod-identity-agent", { version: "v1.1.0-eksbuild.1" }));

  it("fires for an agent below v1.2.0-eksbuild.1 when aws-node uses Pod Identity", () => {
    const [h] = hits("pod-identity-agent-outdated", old({ ...makeCluster(), podIdentityAssociations: [PI_ASSOCIATION] }));
    expect(h).toMatchObject({ facts: { agentVersion: "v1.1.0-eksbuild.1", targetVersion: "v1.3.8-eksbuild.2" }, knownIssues: ["pod-identity-agent-below-v1.2.0-toleration"] });
  });

  it("passes at v1.2.0-eksbuild.1, and when aws-node does not use Pod Identity", () => {
    const ok = withAddon({ ...makeCluster(), podIdentityAssociations: [PI_ASSOCIATION] }, addon("eks-pod-identity-agent", { version: "v1.2.0-eksbuild.1" }));
    expect(hits("pod-identity-agent-outdated", ok)).toEqual([]);
    expect(hits("pod-identity-agent-outdated", old(makeCluster()))).toEqual([]);
  });
});

describe("fleet/pod-identity-cni-too-old", () => {
  it("fires for vpc-cni below v1.15.5-eksbuild.1 with a Pod Identity association", () => {
    const c = { ...withAddon(makeCluster({ kubernetesVersion: "1.28" }), vpcCni({ version: "v1.15.4-eksbuild.1", serviceAccountRoleArn: null })), podIdentityAssociations: [PI_ASSOCIATION] };
    const [h] = hits("pod-identity-cni-too-old", c);
    expect(h?.knownIssues).toEqual(["vpc-cni-pod-identity-minimum-version"]);
    expect(h?.facts.minimumVersion).toBe("v1.15.5-eksbuild.1");
  });

  it("passes from v1.15.5-eksbuild.1 on, and for old versions without Pod Identity", () => {
    const at = { ...withAddon(makeCluster(), vpcCni({ version: "v1.15.5-eksbuild.1" })), podIdentityAssociations: [PI_ASSOCIATION] };
    expect(hits("pod-identity-cni-too-old", at)).toEqual([]);
    expect(hits("pod-identity-cni-too-old", withAddon(makeCluster(), vpcCni({ version: "v1.15.4-eksbuild.1" })))).toEqual([]);
  });
});

describe("fleet/cni-on-node-role", () => {
  const bare = () => withAddon(makeCluster(), vpcCni({ serviceAccountRoleArn: null }));

  it("fires with neither an IRSA role nor Pod Identity, with commands for a Pod Identity role", () => {
    const [h] = hits("cni-on-node-role", bare());
    expect(h?.facts.nodeRoles).toEqual(["arn:aws:iam::111122223333:role/demo-node"]);
    expect(h?.remediation).toContain("aws iam attach-role-policy --role-name demo-cluster-vpc-cni --policy-arn arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
    expect(h?.remediation).toContain("serviceAccount=aws-node,roleArn=arn:aws:iam::111122223333:role/demo-cluster-vpc-cni");
  });

  it("uses the region's partition in ARNs", () => {
    const [h] = hits("cni-on-node-role", { ...bare(), region: "cn-north-1" });
    expect(h?.remediation).toContain("arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy");
  });

  it("passes with IRSA, with Pod Identity, and when the associations could not be listed", () => {
    expect(hits("cni-on-node-role", makeCluster())).toEqual([]);
    expect(hits("cni-on-node-role", { ...bare(), podIdentityAssociations: [PI_ASSOCIATION] })).toEqual([]);
    expect(hits("cni-on-node-role", { ...bare(), partialErrors: [{ operation: "ListPodIdentityAssociations", error: "AccessDeniedException" }] })).toEqual([]);
  });
});

describe("fleet/addon-unhealthy", () => {
  it("fires for a ConfigurationConflict with the field-manager fight explained", () => {
    const c = withAddon(makeCluster(), vpcCni({
      status: "DEGRADED",
      health: [{ code: "ConfigurationConflict", message: "Conflicts found when trying to apply. Conflicts: DaemonSet.apps aws-node - .spec.template.spec.containers[name=\"aws-node\"].env[name=\"ENABLE_PREFIX_DELEGATION\"].value", resourceIds: ["aws-node"] }],
    }));
    const [h] = hits("addon-unhealthy", c);
    expect(h).toMatchObject({ subject: "vpc-cni", severity: "high", facts: { status: "DEGRADED", issueCodes: ["ConfigurationConflict"] } });
    expect(h?.remediation).toContain("--show-managed-fields");
    expect(h?.remediation).toContain("--resolve-conflicts OVERWRITE --configuration-values file://vpc-cni-values.json");
  });

  it("fires per add-on, medium for an ACTIVE add-on with a health issue", () => {
    const c = withAddon(makeCluster(), addon("eks-pod-identity-agent", { version: "v1.3.8-eksbuild.2", health: [{ code: "InsufficientNumberOfReplicas", message: "not enough replicas", resourceIds: [] }] }));
    const found = hits("addon-unhealthy", c);
    expect(found.map((h) => [h.subject, h.severity])).toEqual([["eks-pod-identity-agent", "medium"]]);
  });

  it("passes for healthy add-ons and ignores add-ons it does not watch", () => {
    const c = withAddon(makeCluster(), addon("coredns", { status: "DEGRADED" }));
    expect(hits("addon-unhealthy", c)).toEqual([]);
  });
});

describe("fleet/cni-not-managed", () => {
  it("fires when there is no vpc-cni add-on and nothing explains it", () => {
    const [h] = hits("cni-not-managed", withoutAddon(makeCluster(), "vpc-cni"));
    expect(h?.remediation).toContain("aws eks create-addon --region us-west-2 --cluster-name demo-cluster --addon-name vpc-cni --addon-version v1.20.4-eksbuild.1");
  });

  it("recognises Auto Mode, a declared CNI and a CNI add-on instead of flagging", () => {
    const none = withoutAddon(makeCluster(), "vpc-cni");
    expect(hits("cni-not-managed", { ...none, autoMode: true })).toEqual([]);
    expect(hits("cni-not-managed", { ...none, tags: { "cni-auditor/cni": "cilium" } })).toEqual([]);
    expect(hits("cni-not-managed", withAddon(none, addon("isovalent_cilium", { version: "v1.16.0" })))).toEqual([]);
    expect(hits("cni-not-managed", makeCluster())).toEqual([]);
  });

  it("still flags a cluster tagged as running the VPC CNI itself", () => {
    expect(hits("cni-not-managed", { ...withoutAddon(makeCluster(), "vpc-cni"), tags: { "cni-auditor/cni": "vpc-cni" } }).length).toBe(1);
  });
});

describe("fleet/np-mode-without-agent", () => {
  const cfg = (v: string, config: object) => withAddon(makeCluster(), vpcCni({ version: v, configurationValues: JSON.stringify(config) }));
  const removed = (mode: string) => ({ nodeAgent: { enabled: false }, env: { NETWORK_POLICY_ENFORCING_MODE: mode } });

  it("fires from v1.19.4 when the enforcing mode is set and the configuration removes the agent", () => {
    const [h] = hits("np-mode-without-agent", cfg("v1.19.4-eksbuild.1", removed("strict")));
    expect(h?.facts).toMatchObject({ enforcingMode: "strict", nodeAgentEnabled: false });
    expect(h?.knownIssues).toEqual(["vpc-cni-v1.19.4-enforcing-mode-without-np-agent"]);
    expect(hits("np-mode-without-agent", cfg("v1.20.4-eksbuild.1", { ...removed("standard"), nodeAgent: { enabled: "false" } })).length).toBe(1);
  });

  it("the default (standard mode with network policy off) is not a finding; nor before v1.19.4 or with the mode unset", () => {
    expect(hits("np-mode-without-agent", cfg("v1.20.4-eksbuild.1", { enableNetworkPolicy: "false", env: { NETWORK_POLICY_ENFORCING_MODE: "standard" } }))).toEqual([]);
    expect(hits("np-mode-without-agent", cfg("v1.20.4-eksbuild.1", { env: { NETWORK_POLICY_ENFORCING_MODE: "strict" } }))).toEqual([]);
    expect(hits("np-mode-without-agent", cfg("v1.19.3-eksbuild.1", removed("strict")))).toEqual([]);
    expect(hits("np-mode-without-agent", cfg("v1.20.4-eksbuild.1", { nodeAgent: { enabled: false }, env: {} }))).toEqual([]);
  });
});

describe("fleet/cninodes-rbac-gap", () => {
  it("fires on what the cluster shows: cninodes-forbidden denials, with the CRD update and the ClusterRole patch", () => {
    const [h] = hits("cninodes-rbac-gap", makeCluster({ kubernetesVersion: "1.33", cninodesForbiddenDenials: 12 }));
    expect(h?.title).toBe("demo-cluster: eks:vpc-resource-controller was refused 12 CNINode updates (cninodes RBAC gap)");
    expect(h?.remediation).toContain(
      "aws eks update-kubeconfig --region us-west-2 --name demo-cluster && kubectl apply -f https://raw.githubusercontent.com/aws/amazon-vpc-resource-controller-k8s/master/config/crd/bases/vpcresources.k8s.aws_cninodes.yaml",
    );
    expect(h?.remediation).toContain(
      `kubectl patch clusterrole vpc-resource-controller-role --type=json -p='[{"op":"add","path":"/rules/-","value":{"apiGroups":["vpcresources.k8s.aws"],"resources":["cninodes"],"verbs":["get","list","watch","create","update","patch","delete"]}}]'`,
    );
    expect(h?.remediation).toContain("The vpc-resource-controller-role ClusterRole, bound to the user eks:vpc-resource-controller");
    expect(h?.remediation).not.toMatch(/update-cluster-version|1\.30/);
  });

  it("passes without recorded denials, whatever the Kubernetes version and pod ENI", () => {
    const podEni = '{"env":{"ENABLE_POD_ENI":"true"}}';
    expect(hits("cninodes-rbac-gap", withAddon(makeCluster({ kubernetesVersion: "1.29" }), vpcCni({ configurationValues: podEni })))).toEqual([]);
    expect(hits("cninodes-rbac-gap", makeCluster({ cninodesForbiddenDenials: 0 }))).toEqual([]);
    expect(hits("cninodes-rbac-gap", makeCluster({ cninodesForbiddenDenials: null }))).toEqual([]);
  });
});

describe("fleet/insight-not-passing", () => {
  const insight = (status: string) => ({ ...makeCluster().insights[0]!, id: `id-${status}`, status, reason: `reason ${status}` });

  it("fires per insight in WARNING (low) or ERROR (medium)", () => {
    const found = hits("insight-not-passing", makeCluster({ insights: [insight("WARNING"), insight("ERROR"), insight("PASSING")] }));
    expect(found.map((h) => [h.subject, h.severity])).toEqual([["id-WARNING", "low"], ["id-ERROR", "medium"]]);
    expect(found[0]?.remediation).toContain("aws eks describe-insight --region us-west-2 --cluster-name demo-cluster --id id-WARNING");
  });

  it("passes for PASSING and UNKNOWN insights", () => {
    expect(hits("insight-not-passing", makeCluster({ insights: [insight("PASSING"), insight("UNKNOWN")] }))).toEqual([]);
  });
});

describe("fleet/audit-logging-off", () => {
  it("fires without the audit log type and keeps the enabled types in the command", () => {
    const [h] = hits("audit-logging-off", makeCluster({ enabledLogTypes: ["api"] }));
    expect(h?.remediation).toContain(`--logging '{"clusterLogging":[{"types":["api","audit"],"enabled":true}]}'`);
  });

  it("passes with audit logging on", () => {
    expect(hits("audit-logging-off", makeCluster({ enabledLogTypes: ["audit"] }))).toEqual([]);
  });
});

describe("fleet/catalog-not-reviewed", () => {
  it("fires per add-on newer than the review, with the review date and the list command", () => {
    const c = withAddon(withAddon(makeCluster(), vpcCni({ version: "v1.23.4-eksbuild.1" })), addon("eks-pod-identity-agent", { version: "v1.3.11-eksbuild.1" }));
    const found = hits("catalog-not-reviewed", c);
    expect(found.map((h) => [h.subject, h.facts.addonVersion])).toEqual([
      ["vpc-cni", "v1.23.4-eksbuild.1"],
      ["eks-pod-identity-agent", "v1.3.11-eksbuild.1"],
    ]);
    expect(found[0]?.title).toBe("vpc-cni v1.23.4-eksbuild.1 on demo-cluster is not reviewed yet: known issues unknown (catalog reviewed 2026-12-03, up to v1.23.3)");
    expect(found[0]?.remediation).toContain("aws eks describe-addon-versions --region us-west-2 --addon-name vpc-cni --kubernetes-version 1.31");
  });

  it("passes for versions the review saw, builds of a reviewed release included, and other add-ons", () => {
    expect(hits("catalog-not-reviewed", withAddon(makeCluster(), vpcCni({ version: "v1.23.3-eksbuild.7" })))).toEqual([]);
    expect(hits("catalog-not-reviewed", withAddon(makeCluster(), addon("eks-pod-identity-agent", { version: "v1.3.10-eksbuild.2" })))).toEqual([]);
    expect(hits("catalog-not-reviewed", withAddon(makeCluster(), addon("kube-proxy", { version: "v1.99.0-eksbuild.1" })))).toEqual([]);
  });
});

describe("remediation commands never carry a name outside its grammar", () => {
  // Issue 16.1: a name that is not an EKS cluster name is not quoted into the command but
  // replaced by a placeholder, and a line says why (quoting the name inert).
  it("puts <cluster-name> where the cluster name a shell would interpret was, and says why", () => {
    const [h] = hits("audit-logging-off", makeCluster({ name: "x'; rm -rf / #", enabledLogTypes: [] }));
    expect(h?.remediation).toContain("aws eks update-cluster-config --region us-west-2 --name <cluster-name> --logging '");
    expect(h?.remediation).toContain("--log-group-name-prefix /aws/eks/<cluster-name>/cluster");
    expect(h?.remediation.split("\n").filter((l) => l.includes("rm -rf"))).toEqual([
      "`<cluster-name>` stands in for \"x'; rm -rf / #\", which is not a valid EKS cluster name: fill in the real one before running the commands.",
    ]);
  });
});
