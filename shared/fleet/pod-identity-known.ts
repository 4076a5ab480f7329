// Which clusters' aws-node has a Pod Identity association, per the last fleet snapshot: what
// makes a failed AssumeRoleForPodIdentity there aws-node's (credentials-denied), besides an
// association learned from CloudTrail. The CLI takes it from replay --snapshot, the Lambda
// from the fleet report's item in the dedup table (store/fleet-roles.ts). Derived here only.
import { awsNodeUsesPodIdentity } from "./check.ts";
import { findKnown } from "./permissions/known.ts";
import type { FleetSnapshot } from "./snapshot.ts";

export interface ClusterRef {
  account: string | null;
  region: string;
  cluster: string;
}

export interface KnownPodIdentity {
  /** The snapshot's time (ISO): what the alert text dates the knowledge by. */
  takenAt: string;
  /** Clusters where aws-node has an association (listed for kube-system/aws-node, or on the add-on). */
  clusters: ClusterRef[];
}

export function knownPodIdentityFromSnapshot(snapshot: FleetSnapshot): KnownPodIdentity {
  return {
    takenAt: snapshot.takenAt,
    clusters: snapshot.clusters.filter(awsNodeUsesPodIdentity).map((c) => ({ account: c.account, region: c.region, cluster: c.name })),
  };
}

/** The snapshot's time when it shows aws-node with an association in the event's cluster, else null. */
export function awsNodePodIdentityKnownAt(
  known: KnownPodIdentity | undefined,
  where: { account: string | null; region: string | null; cluster: string | null },
): string | null {
  return known && findKnown(known.clusters, where) ? known.takenAt : null;
}

// The dedup table keeps [account, region, cluster] triples (the item's takenAtMs dates them):
// a thousand clusters stay a few tens of kilobytes beside the permissions.
export type StoredPodIdentity = [string | null, string, string][];

export function storedPodIdentity(k: KnownPodIdentity): StoredPodIdentity {
  return k.clusters.map((c) => [c.account, c.region, c.cluster]);
}

/** Reads the stored form back; anything unexpected is dropped, never trusted. */
export function parseStoredPodIdentity(v: unknown, takenAtMs: number): KnownPodIdentity | undefined {
  if (!Array.isArray(v) || !Number.isFinite(takenAtMs) || Math.abs(takenAtMs) > 8.64e15) return undefined;
  const str = (x: unknown): x is string => typeof x === "string" && x.length > 0;
  const clusters = v
    .filter((t): t is [string | null, string, string] => Array.isArray(t) && t.length === 3 && (t[0] === null || str(t[0])) && str(t[1]) && str(t[2]))
    .map(([account, region, cluster]) => ({ account, region, cluster }));
  return { takenAt: new Date(takenAtMs).toISOString(), clusters };
}
