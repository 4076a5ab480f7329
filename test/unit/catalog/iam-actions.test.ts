import { describe, expect, it } from "vitest";
import {
  AMAZON_EKS_CNI_POLICY_V5,
  actionsBeyondManagedPolicy,
  denialBlocks,
  ec2ActionsFor,
  ec2Need,
  managedPolicyCovers,
} from "../../../shared/catalog/index.ts";

const sorted = (xs: string[]) => [...xs].sort();

describe("EC2 actions per VPC CNI version", () => {
  it("IPv4 before v1.18 is exactly the managed policy without DescribeSubnets", () => {
    expect(sorted(ec2ActionsFor("v1.17.1-eksbuild.1", "ipv4"))).toEqual(sorted(AMAZON_EKS_CNI_POLICY_V5.filter((a) => a !== "DescribeSubnets")));
  });

  it("adds DescribeSubnets from v1.18.0 and DescribeSecurityGroups only on v1.22.0–v1.22.1", () => {
    expect(ec2ActionsFor("v1.18.0", "ipv4")).toContain("DescribeSubnets");
    expect(ec2ActionsFor("v1.21.2-eksbuild.1", "ipv4")).not.toContain("DescribeSecurityGroups");
    expect(ec2ActionsFor("v1.22.0-eksbuild.1", "ipv4")).toContain("DescribeSecurityGroups");
    expect(ec2ActionsFor("v1.22.1-eksbuild.1", "ipv6")).toContain("DescribeSecurityGroups");
    expect(ec2ActionsFor("v1.22.2-eksbuild.1", "ipv4")).not.toContain("DescribeSecurityGroups");
    expect(ec2ActionsFor("v1.23.3-eksbuild.1", "ipv4")).not.toContain("DescribeSecurityGroups");
  });

  it("IPv6 is the docs' IPv6 policy, plus UnassignIpv6Addresses from v1.22", () => {
    expect(sorted(ec2ActionsFor("v1.21.2-eksbuild.1", "ipv6"))).toEqual(
      sorted(["AssignIpv6Addresses", "CreateTags", "DescribeInstanceTypes", "DescribeInstances", "DescribeNetworkInterfaces", "DescribeSubnets", "DescribeTags"]),
    );
    expect(ec2ActionsFor("v1.22.0-eksbuild.1", "ipv6")).toContain("UnassignIpv6Addresses");
    expect(ec2ActionsFor("v1.23.0-eksbuild.1", "ipv6")).not.toContain("CreateNetworkInterface");
    expect(ec2Need("ec2:CreateTags")?.networkInterfacesOnly).toBe(true);
  });

  it("says what AmazonEKS_CNI_Policy does not cover", () => {
    expect(managedPolicyCovers("ec2:DescribeSubnets")).toBe(true);
    for (const a of ["DescribeSecurityGroups", "AssignIpv6Addresses", "UnassignIpv6Addresses"]) expect(managedPolicyCovers(a), a).toBe(false);
    expect(actionsBeyondManagedPolicy("v1.20.4-eksbuild.1", "ipv4")).toEqual([]);
    expect(actionsBeyondManagedPolicy("v1.22.1-eksbuild.1", "ipv4")).toEqual(["DescribeSecurityGroups"]);
    expect(sorted(actionsBeyondManagedPolicy("v1.23.0-eksbuild.1", "ipv6"))).toEqual(["AssignIpv6Addresses", "UnassignIpv6Addresses"]);
  });

  it("knows when a denial blocks", () => {
    expect(denialBlocks("DescribeSubnets", "v1.21.2-eksbuild.1")).toBe(false);
    expect(denialBlocks("DescribeSubnets", "v1.22.0-eksbuild.1")).toBe(true);
    expect(denialBlocks("DescribeSubnets", "v1.23.3")).toBe(true);
    expect(denialBlocks("DescribeSecurityGroups", "v1.22.1-eksbuild.1")).toBe(true);
    expect(denialBlocks("DescribeSecurityGroups", "v1.22.2-eksbuild.1")).toBe(false);
    expect(denialBlocks("CreateNetworkInterface", "v1.22.0")).toBe(false);
  });

  it("answers every action of the family for an unknown version", () => {
    expect(ec2ActionsFor(null, "ipv4")).toContain("DescribeSecurityGroups");
    expect(ec2ActionsFor("garbage", "ipv6")).toContain("UnassignIpv6Addresses");
  });
});
