// The facts remediation states (domain-2026-12.md §3), with the exact commands: the cninodes
// ClusterRole and CRD workaround, the IAM actions each VPC CNI version needs beyond
// AmazonEKS_CNI_Policy, Pod Identity through the add-on, no add-on builds that may not exist,
// ARNs in the alert's partition, and the session names IRSA and Pod Identity really write.
import { describe, expect, it } from "vitest";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { openAlert } from "../../../shared/store/fold.ts";
import { EVENT_RULES } from "../../../shared/rules/index.ts";
import { identityPath } from "../../../shared/rules/predicates.ts";
import type { CloudTrailRecord, NormalizedEvent } from "../../../shared/types.ts";
import { caseEvent, loadRuleFixtures, ruleContext, type RuleCase } from "../../helpers/events.ts";

type Mutate = (detail: Record<string, any>) => void;

function fixture(rule: string, name: string, mutate: Mutate = () => {}): RuleCase {
  const c = loadRuleFixtures(rule as never).cases.find((x) => x.name.startsWith(name));
  if (!c) throw new Error(`no case ${name}`);
  const copy = structuredClone(c);
  const rec = copy.record as Record<string, any>;
  const detail = rec.detail ?? rec;
  mutate(detail);
  if (rec.detail && typeof detail.awsRegion === "string") rec.region = detail.awsRegion;
  return copy;
}

function rendered(rule: string, c: RuleCase): string {
  const r = EVENT_RULES.find((x) => x.id === rule)!;
  const event: NormalizedEvent = caseEvent(c);
  const ctx = ruleContext(c.config, c.addonStates);
  const finding = (r.match as (e: NormalizedEvent, x: typeof ctx) => ReturnType<typeof r.match>)(event, ctx);
  expect(finding, c.name).toBeDefined();
  return toMarkdown(r.render(openAlert(finding!, 3_600_000)).remediation);
}

const NODE_ROLE = "node instance role (lost IRSA annotation)";
const DSG = "DescribeSecurityGroups denied on v1.22.0";
const IPV6 = "IPv6: AssignIpv6Addresses denied";
const ua = (v: string) => `aws-sdk-go-v2/1.39.2 ua/2.1 os/linux lang/go#1.25.5 api/ec2#1.254.1 amazon-vpc-cni-k8s/${v} m/0,E`;

describe("cninodes-forbidden remediation", () => {
  const md = rendered("cninodes-forbidden", loadRuleFixtures("cninodes-forbidden").cases.find((c) => c.expect.match)!);

  it("updates the CNINode CRD and patches the vpc-resource-controller-role ClusterRole", () => {
    expect(md).toContain(
      "kubectl apply -f https://raw.githubusercontent.com/aws/amazon-vpc-resource-controller-k8s/master/config/crd/bases/vpcresources.k8s.aws_cninodes.yaml",
    );
    expect(md).toContain("kubectl patch clusterrole vpc-resource-controller-role --type=json");
    expect(md).toContain("bound to the user `eks:vpc-resource-controller` by `vpc-resource-controller-rolebinding`");
  });

  it("claims no fix in 1.30 and offers no upgrade to a fixed version", () => {
    expect(md).not.toContain("1.30");
    expect(md).not.toContain("update-cluster-version");
    expect(md).toContain("aws eks describe-cluster-versions --query 'clusterVersions[].[clusterVersion,versionStatus]' --region us-west-2");
  });
});

describe("eni-unauthorized: IAM actions per version", () => {
  it("DescribeSecurityGroups on v1.22.0: an inline grant, never 'the managed policy covers it'", () => {
    const md = rendered("eni-unauthorized", fixture("eni-unauthorized", DSG));
    expect(md).toContain(
      `aws iam put-role-policy --role-name AmazonEKSVPCCNIRole --policy-name vpc-cni-missing-actions --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeSecurityGroups"],"Resource":"*"}]}'`,
    );
    expect(md).toContain("AmazonEKS_CNI_Policy does not include `ec2:DescribeSecurityGroups`");
    expect(md).not.toContain("policy/AmazonEKS_CNI_Policy");
    expect(md).not.toMatch(/covers them/);
  });

  it("DescribeSecurityGroups denied for a v1.23 caller: not the CNI's call", () => {
    const md = rendered("eni-unauthorized", fixture("eni-unauthorized", DSG, (d) => (d.userAgent = ua("v1.23.1"))));
    expect(md).toContain("VPC CNI v1.23.1 does not call it: this denial is not the CNI's.");
  });

  it("IPv6 on v1.22+: names UnassignIpv6Addresses and every IPv6 action, none from the managed policy", () => {
    const md = rendered("eni-unauthorized", fixture("eni-unauthorized", IPV6));
    expect(md).toContain("AmazonEKS_CNI_Policy has no IPv6 action. VPC CNI v1.22.1 calls `ec2:DescribeInstances`");
    expect(md).toContain("`ec2:AssignIpv6Addresses`, `ec2:UnassignIpv6Addresses`, `ec2:DescribeSubnets`");
    expect(md).toContain("docs/iam-policy.md's IPv6 policy lacks `ec2:UnassignIpv6Addresses`, which v1.22+ calls.");
    expect(md).not.toContain("policy/AmazonEKS_CNI_Policy");
  });

  it("IPv6 on v1.21: no UnassignIpv6Addresses", () => {
    const md = rendered("eni-unauthorized", fixture("eni-unauthorized", IPV6, (d) => (d.userAgent = ua("v1.21.2"))));
    expect(md).toContain("VPC CNI v1.21.2 calls");
    expect(md).not.toContain("UnassignIpv6Addresses");
  });
});

describe("eni-unauthorized: Pod Identity through the add-on", () => {
  const md = rendered("eni-unauthorized", fixture("eni-unauthorized", NODE_ROLE));

  it("prefers update-addon --pod-identity-associations and removes the IRSA annotation", () => {
    expect(md).toContain(
      "aws eks update-addon --cluster-name <cluster> --addon-name vpc-cni --pod-identity-associations serviceAccount=aws-node,roleArn=arn:aws:iam::111122223333:role/<cni-pod-identity-role> --region us-west-2",
    );
    expect(md).toContain("an update replaces all of the add-on's associations");
    expect(md).toContain("remove the add-on's `serviceAccountRoleArn`");
    expect(md).toContain("kubectl annotate serviceaccount -n kube-system aws-node eks.amazonaws.com/role-arn-");
  });

  it("the managed policy is offered only where it has every denied action", () => {
    expect(md).toContain("aws iam attach-role-policy --role-name eks-node-group-role --policy-arn arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
  });
});

describe("partitions: ARNs follow the alert's region", () => {
  const cases: Array<[string, string]> = [
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["eu-west-1", "aws"],
  ];
  for (const [region, partition] of cases)
    it(`${region} → arn:${partition}:`, () => {
      const md = rendered("eni-unauthorized", fixture("eni-unauthorized", NODE_ROLE, (d) => (d.awsRegion = region)));
      expect(md).toContain(`--policy-arn arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy`);
      expect(md).toContain(`--service-account-role-arn arn:${partition}:iam::111122223333:role/<cni-role> --region ${region}`);
      expect(md).toContain(`eks.amazonaws.com/role-arn=arn:${partition}:iam::111122223333:role/<cni-role>`);
      const fix = md.slice(md.indexOf("**Fix:**"), md.indexOf("**Check:**"));
      if (partition !== "aws") expect(fix).not.toContain("arn:aws:");
    });

  it("CreateTags on ENIs in the partition of the region", () => {
    const md = rendered("eni-unauthorized", fixture("eni-unauthorized", "CreateTags on a network interface", (d) => (d.awsRegion = "cn-northwest-1")));
    expect(md).toContain('"Resource":"arn:aws-cn:ec2:*:*:network-interface/*"');
  });
});

describe("addon-version-changed: no build that may not exist", () => {
  const md = rendered("addon-version-changed", fixture("addon-version-changed", "v1.19.4 with custom networking on"));

  it("names the fixed upstream version and lists the builds for the cluster's Kubernetes version", () => {
    expect(md).toContain("move forward to `v1.19.5` or later");
    expect(md).toContain("aws eks describe-cluster --name demo-cluster --query cluster.version");
    expect(md).toContain(
      "aws eks describe-addon-versions --addon-name vpc-cni --kubernetes-version <kubernetes-version> --query 'addons[].addonVersions[].addonVersion'",
    );
    expect(md).toContain("aws eks update-addon --cluster-name demo-cluster --addon-name vpc-cni --addon-version <version> --resolve-conflicts PRESERVE");
    expect(md).not.toContain("v1.19.5-eksbuild.1");
  });
});

describe("session names", () => {
  const rec = (session: string, webIdentity = false): CloudTrailRecord =>
    ({
      userIdentity: {
        type: "AssumedRole",
        arn: `arn:aws:sts::111122223333:assumed-role/cni/${session}`,
        sessionContext: webIdentity ? { webIdFederationData: { federatedProvider: "arn:aws:iam::111122223333:oidc-provider/x" } } : {},
      },
    }) as CloudTrailRecord;

  it("IRSA: numeric (UnixNano) sessions with web identity data", () => {
    expect(identityPath(rec("1748958129734215342", true))).toBe("irsa");
    expect(identityPath(rec("1748958129734215342"))).toBe("other");
  });

  it("Pod Identity: eks-<cluster>-<pod>-<uuid>, also cut at 64 characters", () => {
    expect(identityPath(rec("eks-demo-aws-node-7x2kq-0f8e2d4c-3b1a-4c5d-9e6f-a1b2c3d4e5f6"))).toBe("pod-identity");
    const long = "eks-a-very-long-production-cluster-name-aws-node-7x2kq-0f8e2d4c-3b1a-4c5d-9e6f-a1b2c3d4e5f6".slice(0, 64);
    expect(long).toHaveLength(64);
    expect(identityPath(rec(long))).toBe("pod-identity");
    expect(identityPath(rec(long.slice(0, 63)))).toBe("other");
  });
});
