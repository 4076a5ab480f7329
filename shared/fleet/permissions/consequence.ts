// What a denied action does to a cluster on a given CNI version, in a few words (titles, plan
// findings, event alerts) and in full (the catalog entry's impact where there is one).
import { entriesForDeniedAction, type IpFamily } from "../../catalog/index.ts";

const ENI_WRITES = ["ec2:CreateNetworkInterface", "ec2:AttachNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:AssignIpv6Addresses", "ec2:ModifyNetworkInterfaceAttribute"];

/** A short clause: "IPv6 nodes will stay NotReady". */
export function consequence(action: string, version: string | null, families: readonly IpFamily[], blocking: boolean): string {
  const v6 = families.includes("ipv6");
  if (action === "ec2:DescribeSubnets") {
    if (!blocking) return "subnet discovery falls back to the primary subnet (MissingIAMPermissions events)";
    return v6 ? "IPv6 nodes will stay NotReady" : "nodes will get no secondary ENIs, so pods run out of IP addresses";
  }
  if (action === "ec2:DescribeSecurityGroups") return blocking ? "aws-node will crash-loop at start-up and nodes stay NotReady" : "no effect on this version";
  if (ENI_WRITES.includes(action)) return "pods will get no IP addresses once the primary ENI is full";
  if (action === "ec2:CreateTags") return "ENIs will be left untagged, so leaked ENIs are not cleaned up";
  if (action === "ec2:UnassignIpv6Addresses") return "IPv6 prefixes will not be released";
  if (action === "ec2:DeleteNetworkInterface" || action === "ec2:DetachNetworkInterface" || action === "ec2:UnassignPrivateIpAddresses") {
    return "unused ENIs and addresses will not be released";
  }
  return `aws-node's ${action} calls will fail with UnauthorizedOperation${version ? ` on ${version}` : ""}`;
}

/** The catalog's impact text for the denial on this version, when an entry names the action. */
export function catalogImpact(action: string, version: string | null): string | null {
  if (!version) return null;
  return entriesForDeniedAction("vpc-cni", version, action)[0]?.impact ?? null;
}
