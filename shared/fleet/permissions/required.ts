// The EC2 actions a VPC CNI version needs for an IP family, read from the catalog's IAM facts
// (catalog/iam-actions.ts, the one place for them), and what the simulator is asked about.
import { CNI_EC2_ACTION_NEEDS, denialBlocks, ec2NeedsFor, type IpFamily } from "../../catalog/index.ts";

export interface RequiredAction {
  /** With the prefix, e.g. "ec2:DescribeSubnets". */
  action: string;
  /** Only needed on network-interface/* (CreateTags). */
  networkInterfacesOnly: boolean;
  /** A denial stops nodes (or their ENIs) on this version, not just a feature. */
  blocking: boolean;
  note: string | null;
}

/** Every action any CNI version calls, in catalog order: what each role is simulated for. */
export const SIMULATED_ACTIONS: readonly string[] = [...new Set(CNI_EC2_ACTION_NEEDS.map((n) => `ec2:${n.action}`))];

/** Actions only ever needed on ENIs (simulated against the ENI ARN pattern). */
export const NETWORK_INTERFACE_ACTIONS: readonly string[] = CNI_EC2_ACTION_NEEDS.filter((n) => n.networkInterfacesOnly).map((n) => `ec2:${n.action}`);

export interface NeedOptions {
  /** ENABLE_SUBNET_DISCOVERY=false: the CNI makes no DescribeSubnets call (subnet discovery is on by default). */
  subnetDiscoveryOff?: boolean;
}

/** The actions `version` calls on a cluster of `families` (a dual view: IPv4 and IPv6 sets merge). */
export function requiredActions(version: string | null, families: readonly IpFamily[], opts: NeedOptions = {}): RequiredAction[] {
  const out = new Map<string, RequiredAction>();
  for (const family of families) {
    for (const n of ec2NeedsFor(version, family)) {
      const action = `ec2:${n.action}`;
      if (out.has(action) || (opts.subnetDiscoveryOff && n.action === "DescribeSubnets")) continue;
      out.set(action, {
        action,
        networkInterfacesOnly: n.networkInterfacesOnly === true,
        blocking: version !== null && denialBlocks(n.action, version),
        note: n.note ?? null,
      });
    }
  }
  return [...out.values()];
}
