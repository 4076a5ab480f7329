// The compact per-cluster permissions of a snapshot (known.ts), for the event rules.
import { clusterIpFamilies, type FleetSnapshot } from "../snapshot.ts";
import { compactRoles, type KnownClusterPermissions } from "./known.ts";

export function knownPermissionsFromSnapshot(snapshot: FleetSnapshot): KnownClusterPermissions[] {
  return snapshot.clusters
    .filter((c) => (c.cniPermissions?.length ?? 0) > 0)
    .map((c) => ({
      account: c.account,
      region: c.region,
      cluster: c.name,
      ipFamilies: clusterIpFamilies(c),
      takenAt: snapshot.takenAt,
      roles: compactRoles(c.cniPermissions ?? []),
    }));
}
