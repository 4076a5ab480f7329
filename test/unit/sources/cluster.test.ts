import { describe, expect, it } from "vitest";
import { clusterFromCloudTrail } from "../../../shared/sources/cluster.ts";
import type { CloudTrailRecord } from "../../../shared/types.ts";

const record = (eventSource: string, requestParameters: unknown): CloudTrailRecord =>
  ({ eventSource, eventName: "DescribeCluster", requestParameters }) as unknown as CloudTrailRecord;

describe("clusterFromCloudTrail", () => {
  it("reads the cluster an EKS or eks-auth request names", () => {
    expect(clusterFromCloudTrail(record("eks.amazonaws.com", { name: "orders-prod" }))).toBe("orders-prod");
    expect(clusterFromCloudTrail(record("eks-auth.amazonaws.com", { clusterName: "orders-prod" }))).toBe("orders-prod");
  });

  it("an event source spelled like an object's own keys names nothing (and never throws)", () => {
    for (const source of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(clusterFromCloudTrail(record(source, { name: "forged" }))).toBeUndefined();
    }
  });

  it("falls back to the CNI's cluster tag anywhere in an EC2 request", () => {
    const params = { tagSpecificationSet: { items: [{ tags: [{ key: "cluster.k8s.amazonaws.com/name", value: "orders-prod" }] }] } };
    expect(clusterFromCloudTrail(record("ec2.amazonaws.com", params))).toBe("orders-prod");
  });
});
