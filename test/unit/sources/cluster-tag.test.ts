// The CNI's cluster tag is written by the caller (any role may tag what it creates): it names
// the cluster only when it is a name EKS could have given, and it never raises severity by itself.
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { decodeBytes } from "../../../shared/sources/index.ts";
import { DEFAULTS, bytes, fixture, opts } from "./helpers.ts";

const ec2Record = fixture("eventbridge-ec2-unauthorized-createnetworkinterface.json").detail;
const tagged = (value: unknown) => ({
  ...ec2Record,
  userAgent: "aws-sdk-go-v2/1.39.2 os/linux", // no CNI marker: the tag is the only CNI-looking field
  requestParameters: { subnetId: "subnet-0a1b2c3d", tagSpecificationSet: { items: [{ resourceType: "network-interface", tags: [{ key: "cluster.k8s.amazonaws.com/name", value }] }] } },
});
const decode = (record: Record<string, unknown>) => decodeBytes(bytes(JSON.stringify(record)), "rec.json", opts(DEFAULTS));

describe("the CNI cluster tag, a caller-written field", () => {
  it("names the cluster only when it is a valid EKS cluster name", () => {
    expect(decode(tagged("orders-prod_2")).events[0]!.cluster).toBe("orders-prod_2");
    for (const bad of ["", " orders", "orders prod", "-orders", "<!here>", "a\nb", "x".repeat(101), "prod/../admin", 42]) {
      expect(decode(tagged(bad)).events[0]!.cluster).toBe(DEFAULTS.cluster);
    }
    expect(decode(tagged("x".repeat(100))).events[0]!.cluster).toBe("x".repeat(100));
  });

  it("is weak evidence only: likely-vpc-cni at medium at most, never a grant", () => {
    const { findings } = evaluate(decode(tagged("orders-prod")).events, defaultConfig());
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe("eni-unauthorized");
    expect(f.facts.attribution).not.toBe("vpc-cni");
    expect(["medium", "low", "info"]).toContain(f.severity);
  });
});
