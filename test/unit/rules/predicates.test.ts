import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import {
  cniEvidence,
  cniVersionFromUserAgent,
  dedupKey,
  fieldManagerOf,
  identityPath,
  issuerArn,
  roleName,
  sessionName,
  shortenAwsMessage,
} from "../../../shared/rules/predicates.ts";
import type { CloudTrailRecord } from "../../../shared/types.ts";

type Identity = NonNullable<CloudTrailRecord["userIdentity"]>;
const variants = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../fixtures/rules/useridentity-variants.json", import.meta.url)), "utf8"),
) as Record<"irsa" | "nodeInstanceRole" | "podIdentity", Identity>;
const rec = (userIdentity: Identity, extra: Partial<CloudTrailRecord> = {}): CloudTrailRecord => ({ userIdentity, ...extra });

describe("identity path", () => {
  it("classifies the three documented userIdentity shapes", () => {
    expect(identityPath(rec(variants.irsa))).toBe("irsa");
    expect(identityPath(rec(variants.nodeInstanceRole))).toBe("node-role");
    expect(identityPath(rec(variants.podIdentity))).toBe("pod-identity");
  });

  it("needs no web identity for pod-identity, and reads node roles from either sign", () => {
    const podWithWebId = structuredClone(variants.podIdentity);
    podWithWebId.sessionContext!.webIdFederationData = variants.irsa.sessionContext!.webIdFederationData!;
    expect(identityPath(rec(podWithWebId))).toBe("irsa");
    const delivery = structuredClone(variants.irsa);
    delete delivery.sessionContext!.webIdFederationData;
    delivery.sessionContext!.ec2RoleDelivery = "2.0";
    expect(identityPath(rec(delivery))).toBe("node-role");
    const sessionOnly = structuredClone(variants.nodeInstanceRole);
    delete sessionOnly.sessionContext!.ec2RoleDelivery;
    expect(identityPath(rec(sessionOnly))).toBe("node-role");
  });

  it("calls everything else other", () => {
    expect(identityPath(rec({ type: "IAMUser", arn: "arn:aws:iam::111122223333:user/ci" }))).toBe("other");
    expect(identityPath(rec({ type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/r/eks-not-a-uuid" }))).toBe("other");
    expect(identityPath({})).toBe("other");
  });

  it("names the session issuer, not the session", () => {
    expect(issuerArn(rec(variants.podIdentity))).toBe("arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole");
    expect(issuerArn(rec({ type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/node-role/i-0abc12345678" }))).toBe(
      "arn:aws:iam::111122223333:role/node-role",
    );
    expect(sessionName(rec({ principalId: "AROAX:i-0abc12345678" }))).toBe("i-0abc12345678");
    expect(roleName("arn:aws:iam::1:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev")).toBe("AWSReservedSSO_Dev");
    expect(roleName(null)).toBe("<role>");
  });
});

describe("attribution (cniEvidence)", () => {
  const cfg = defaultConfig();
  const bare = rec(variants.irsa);
  const of = (r: CloudTrailRecord, c = cfg) => cniEvidence(r, c).attribution;

  it("is vpc-cni only for a known CNI role; what the caller writes is at most likely-vpc-cni", () => {
    expect(of(bare)).toBe("unknown");
    expect(of({ ...bare, userAgent: "aws-sdk-go/1.33.14 (go1.13.15; linux; amd64) amazon-vpc-cni-k8s" })).toBe("likely-vpc-cni");
    expect(of({ ...bare, requestParameters: { description: "aws-K8S-i-0123456789abcdef0" } })).toBe("likely-vpc-cni");
    expect(
      of({ ...bare, requestParameters: { tagSpecificationSet: { items: [{ tags: [{ key: "eks:eni:owner", value: "amazon-vpc-cni" }] }] } } }),
    ).toBe("likely-vpc-cni");
    expect(of(bare, defaultConfig({ cniRoleArns: ["arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole"] }))).toBe("vpc-cni");
  });

  it("counts a tool the CNI never uses against the caller's own claims", () => {
    const claims = { ...bare, requestParameters: { description: "aws-K8S-i-0123456789abcdef0" } };
    for (const [ua, tool] of [
      ["aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2 prompt/off command/ec2.describe-instances", "aws-cli"],
      ["Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 lang/python#3.11.6 cfg/retry-mode#legacy Botocore/1.34.0", "boto3"],
      ["console.ec2.amazonaws.com", "AWS console"],
      ["APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.40.0 aws-sdk-go-v2/1.25.2", "Terraform"],
    ] as const) {
      const e = cniEvidence({ ...claims, userAgent: `${ua} amazon-vpc-cni-k8s` }, cfg);
      expect([e.attribution, e.against]).toEqual(["unknown", tool]);
    }
    expect(cniEvidence({ ...bare, userAgent: "aws-sdk-go-v2/1.39.2 amazon-vpc-cni-k8s/v1.21.0" }, cfg).against).toBeNull();
  });
});

describe("small readers", () => {
  it("reads the CNI version from every user agent generation", () => {
    expect(cniVersionFromUserAgent("aws-sdk-go/1.33.14 (go1.13.15; linux; amd64) amazon-vpc-cni-k8s")).toBeNull();
    expect(cniVersionFromUserAgent("aws-sdk-go/1.44.0 (go1.20; linux; amd64) amazon-vpc-cni-k8s/version/v1.18.1-eksbuild.3")).toBe("v1.18.1-eksbuild.3");
    expect(cniVersionFromUserAgent("aws-sdk-go-v2/1.39.2 ua/2.1 os/linux lang/go#1.25.4 api/ec2#1.254.1 m/E,z")).toBeNull();
    expect(cniVersionFromUserAgent("aws-sdk-go-v2/1.39.2 api/ec2#1.254.1 amazon-vpc-cni-k8s/v1.21.0 m/0,E")).toBe("v1.21.0");
    expect(cniVersionFromUserAgent("./aws-k8s-agent-v1.19.5-eksbuild.1")).toBe("v1.19.5-eksbuild.1");
    expect(cniVersionFromUserAgent(undefined)).toBeNull();
  });

  it("shortens AWS error messages and drops the encoded blob", () => {
    const long = `You are not authorized to perform this operation. User: x is not authorized. Encoded authorization failure message: ${"A".repeat(2000)}`;
    expect(shortenAwsMessage(long)).toBe("You are not authorized to perform this operation. User: x is not authorized.");
    const huge = shortenAwsMessage("y".repeat(1000))!;
    expect(huge.length).toBe(300);
    expect(huge.endsWith("…")).toBe(true);
    expect(shortenAwsMessage("")).toBeNull();
  });

  it("reads the field manager from the request URI", () => {
    expect(fieldManagerOf("/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-client-side-apply&force=true")).toBe(
      "kubectl-client-side-apply",
    );
    expect(fieldManagerOf("/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node")).toBeNull();
    expect(fieldManagerOf("/x?fieldManager=helm%20controller")).toBe("helm controller");
    expect(fieldManagerOf(undefined)).toBeNull();
  });

  it("builds keys that always start with account and region", () => {
    expect(dedupKey("cninodes-forbidden", { account: "111122223333", region: "us-west-2", cluster: "c" }, "c")).toBe(
      "111122223333|us-west-2|cninodes-forbidden|c",
    );
    expect(dedupKey("addon-deleted", { account: null, region: null, cluster: null }, null, "vpc-cni")).toBe("-|-|addon-deleted|-|vpc-cni");
  });
});
