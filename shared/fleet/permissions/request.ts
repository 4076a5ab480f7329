// The SimulatePrincipalPolicy requests for one CNI role. The simulator treats a condition
// whose key it is not given as false, and a resource it is not given as "*": a statement
// limited to ENIs, or to a region, would then show up as a false denial. So CreateTags is
// simulated on the ENI ARN pattern (AmazonEKS_CNI_Policy grants it only there), and the
// context carries what the CNI's real calls carry: the region and the tags it writes.
import type { ContextEntry, SimulatePrincipalPolicyCommandInput } from "@aws-sdk/client-iam";
import { partitionOf } from "../../core/region.ts";
import { NETWORK_INTERFACE_ACTIONS, SIMULATED_ACTIONS } from "./required.ts";

/** Tags the CNI puts on the ENIs it creates (CreateNetworkInterface TagSpecifications, CreateTags). */
export const CNI_ENI_TAG_KEYS = ["node.k8s.amazonaws.com/instance_id", "node.k8s.amazonaws.com/createdAt", "cluster.k8s.amazonaws.com/name"];

export interface SimulationPlace {
  region: string;
  /** The cluster's account; the role ARN's account wins when it has one. */
  account: string | null;
  cluster: string;
}

function accountOf(roleArn: string, fallback: string | null): string {
  const a = roleArn.split(":")[4];
  return a && /^\d{12}$/.test(a) ? a : (fallback ?? "*");
}

/** arn:<partition>:ec2:<region>:<account>:network-interface/* */
export function networkInterfaceArn(roleArn: string, place: SimulationPlace): string {
  return `arn:${partitionOf(place.region)}:ec2:${place.region}:${accountOf(roleArn, place.account)}:network-interface/*`;
}

const entry = (name: string, type: "string" | "stringList", values: string[]): ContextEntry => ({
  ContextKeyName: name,
  ContextKeyType: type,
  ContextKeyValues: values,
});

/** Two requests: the actions on "*", and the ENI-only actions on the ENI ARN pattern with the tag context. */
export function buildSimulationRequests(roleArn: string, place: SimulationPlace): SimulatePrincipalPolicyCommandInput[] {
  const region = entry("aws:RequestedRegion", "string", [place.region]);
  return [
    {
      PolicySourceArn: roleArn,
      ActionNames: SIMULATED_ACTIONS.filter((a) => !NETWORK_INTERFACE_ACTIONS.includes(a)),
      ContextEntries: [region],
    },
    {
      PolicySourceArn: roleArn,
      ActionNames: [...NETWORK_INTERFACE_ACTIONS],
      ResourceArns: [networkInterfaceArn(roleArn, place)],
      ContextEntries: [
        region,
        entry("aws:TagKeys", "stringList", CNI_ENI_TAG_KEYS),
        entry("aws:RequestTag/cluster.k8s.amazonaws.com/name", "string", [place.cluster]),
      ],
    },
  ];
}
