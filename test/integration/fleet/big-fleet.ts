// A fleet of `n` clusters for the report at scale: the test fleet's clusters (every shape the
// checks know, hostile names included) repeated under new names, in six accounts and four regions.
import { readFileSync } from "node:fs";
import type { FleetSnapshot } from "../../../shared/fleet/snapshot.ts";
import { parseSnapshot } from "../../../shared/fleet/snapshot-io.ts";

const ACCOUNTS = ["111122223333", "222233334444", "333344445555", "444455556666", "555566667777", "666677778888"];
const REGIONS = ["us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

export function bigFleet(n: number): FleetSnapshot {
  const raw = JSON.parse(readFileSync(new URL("../../fixtures/fleet/snapshot-test-fleet.json", import.meta.url), "utf8")) as {
    clusters: Array<Record<string, unknown>>;
    scope: { regions: string[]; accounts: string[] };
    failures: unknown[];
  };
  const base = raw.clusters;
  const clusters = Array.from({ length: n }, (_, i) => {
    const c = structuredClone(base[i % base.length]!);
    const account = ACCOUNTS[i % ACCOUNTS.length]!;
    const region = REGIONS[Math.floor(i / ACCOUNTS.length) % REGIONS.length]!;
    const name = `${String(c.name)}-${String(i).padStart(3, "0")}`;
    return { ...c, name, account, region, arn: `arn:aws:eks:${region}:${account}:cluster/${name}` };
  });
  return parseSnapshot(JSON.stringify({ ...raw, clusters, scope: { ...raw.scope, regions: REGIONS, accounts: ACCOUNTS } }));
}
