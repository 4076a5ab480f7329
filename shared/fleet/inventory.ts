// The fleet inventory: lists the clusters of every (account, region) target and reads each
// one, with bounded concurrency, into a FleetSnapshot. EKS clients are injected (adapter):
// the CLI and the Lambda build real ones, tests point real ones at a loopback server.
// A target or cluster that cannot be read becomes a ReadFailure; the rest go on.
import { paginateListClusters, type EKSClient } from "@aws-sdk/client-eks";
import type { IAMClient } from "@aws-sdk/client-iam";
import { ClusterReadError } from "../errors.ts";
import { readAddonBuilds } from "./inventory-builds.ts";
import { readCluster } from "./inventory-cluster.ts";
import { simulateCniRole } from "./permissions/simulate.ts";
import { createAddonVersionCache, createClusterVersionCache } from "./inventory-versions.ts";
import { createLimit } from "./limiter.ts";
import { errorText } from "./sdk-values.ts";
import {
  SNAPSHOT_SCHEMA,
  SNAPSHOT_SCHEMA_VERSION,
  clusterKey,
  type ClusterSnapshot,
  type FleetSnapshot,
  type ReadFailure,
} from "./snapshot.ts";

export interface FleetTarget {
  region: string;
  /** null: the caller's own account (default credentials). */
  account: string | null;
}

export type InventoryProgress =
  | { type: "listed"; clusters: number; failedTargets: number }
  | {
      type: "cluster";
      done: number;
      total: number;
      target: FleetTarget;
      cluster: string;
      ok: boolean;
      error: string | null;
    };

export interface InventoryOptions {
  regions: string[];
  accounts: string[];
  roleName: string | null;
  /** The snapshot's time, read by the caller (the core reads no clock). */
  takenAt: string;
  /** Builds (or returns a cached) EKS client for a target; account credentials included. */
  eksClient(target: FleetTarget): EKSClient;
  /**
   * Builds an IAM client for a target: each CNI role is then simulated for the EC2 actions
   * the CNI calls (iam:SimulatePrincipalPolicy). Without it `cniPermissions` stays null.
   */
  iamClient?(target: FleetTarget): IAMClient;
  /** Compares two add-on versions (the catalog's compareAddonVersions). */
  compareVersions(a: string, b: string): number;
  /** Concurrent API "threads" (default 4). */
  concurrency?: number;
  onProgress?(event: InventoryProgress): void;
}

export function fleetTargets(regions: string[], accounts: string[]): FleetTarget[] {
  const accts: (string | null)[] = accounts.length > 0 ? accounts : [null];
  return accts.flatMap((account) => regions.map((region) => ({ account, region })));
}

export async function takeFleetSnapshot(opts: InventoryOptions): Promise<FleetSnapshot> {
  const limit = createLimit(opts.concurrency ?? 4);
  const versions = createAddonVersionCache(opts.compareVersions);
  const clusterVersions = createClusterVersionCache();
  const failures: ReadFailure[] = [];
  const targets = fleetTargets(opts.regions, opts.accounts);

  const listed = await Promise.all(
    targets.map((target) =>
      limit(async () => {
        try {
          const client = opts.eksClient(target);
          const names: string[] = [];
          for await (const page of paginateListClusters({ client }, {})) names.push(...(page.clusters ?? []));
          return names.map((name) => ({ target, name }));
        } catch (err) {
          failures.push({ ...target, cluster: null, operation: "ListClusters", error: errorText(err) });
          return [];
        }
      }),
    ),
  );
  const work = listed.flat();
  opts.onProgress?.({ type: "listed", clusters: work.length, failedTargets: failures.length });

  let done = 0;
  const clusters: ClusterSnapshot[] = [];
  await Promise.all(
    work.map(({ target, name }) =>
      limit(async () => {
        let error: string | null = null;
        try {
          const cluster = await readCluster(opts.eksClient(target), target, name, versions, clusterVersions);
          if (opts.iamClient) cluster.cniPermissions = await simulateRoles(opts.iamClient(target), cluster);
          clusters.push(cluster);
        } catch (err) {
          const operation = err instanceof ClusterReadError ? err.operation : "ReadCluster";
          error = errorText(err instanceof ClusterReadError ? err.cause : err);
          failures.push({ ...target, cluster: name, operation, error });
        }
        done++;
        opts.onProgress?.({ type: "cluster", done, total: work.length, target, cluster: name, ok: error === null, error });
      }),
    ),
  );

  // One read of every offered build per region that has clusters (for upgrade plans).
  const addonBuilds: NonNullable<FleetSnapshot["addonBuilds"]> = {};
  for (const region of [...new Set(work.map((w) => w.target.region))].sort()) {
    const target = work.find((w) => w.target.region === region)!.target;
    addonBuilds[region] = await readAddonBuilds(opts.eksClient(target), opts.compareVersions);
  }

  // With the caller's own credentials there is one account: name it on failures too
  // (a cluster that could not be described has no ARN to take it from).
  const own = opts.accounts.length === 0 ? (clusters.find((c) => c.account)?.account ?? null) : null;
  for (const f of failures) if (f.account === null) f.account = own;

  return {
    schema: SNAPSHOT_SCHEMA,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    takenAt: opts.takenAt,
    scope: { regions: [...opts.regions], accounts: [...opts.accounts], roleName: opts.roleName },
    clusters: clusters.sort((a, b) => clusterKey(a).localeCompare(clusterKey(b))),
    failures: failures.sort((a, b) =>
      `${a.account ?? "-"}/${a.region}/${a.cluster ?? ""}`.localeCompare(`${b.account ?? "-"}/${b.region}/${b.cluster ?? ""}`),
    ),
    addonBuilds,
  };
}

/** Each CNI role of the cluster, one after the other (a cluster has one to a few). */
async function simulateRoles(client: IAMClient, cluster: ClusterSnapshot): Promise<ClusterSnapshot["cniPermissions"]> {
  const out = [];
  const place = { region: cluster.region, account: cluster.account, cluster: cluster.name };
  for (const role of cluster.cniRoles) out.push(await simulateCniRole(client, role, place));
  return out;
}
