// Saving and loading snapshots. Loading validates the shape the checks rely on, so a
// hand-edited or foreign file fails with a clear message instead of a TypeError later.
import { isObject } from "../core/object.ts";
import { DecodeError } from "../errors.ts";
import { READABLE_SNAPSHOT_VERSIONS, SNAPSHOT_SCHEMA, SNAPSHOT_SCHEMA_VERSION, type FleetSnapshot } from "./snapshot.ts";

export function serializeSnapshot(snapshot: FleetSnapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

function need(cond: boolean, where: string, what: string): void {
  if (!cond) throw new DecodeError(`snapshot: ${where}: ${what}`);
}

const isStr = (v: unknown): v is string => typeof v === "string";
const isStrOrNull = (v: unknown): boolean => v === null || typeof v === "string";
const isStrArray = (v: unknown): boolean => Array.isArray(v) && v.every(isStr);

export function parseSnapshot(text: string): FleetSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DecodeError(`snapshot: not JSON (${(err as Error).message})`, { cause: err });
  }
  need(isObject(data), "top level", "expected an object");
  const s = data as Record<string, unknown>;
  need(s.schema === SNAPSHOT_SCHEMA, "schema", `expected "${SNAPSHOT_SCHEMA}", got ${JSON.stringify(s.schema)}`);
  need(
    READABLE_SNAPSHOT_VERSIONS.includes(s.schemaVersion as number),
    "schemaVersion",
    `this version reads ${READABLE_SNAPSHOT_VERSIONS.join(" and ")} (writes ${SNAPSHOT_SCHEMA_VERSION}), got ${JSON.stringify(s.schemaVersion)}`,
  );
  need(isStr(s.takenAt) && !Number.isNaN(Date.parse(s.takenAt)), "takenAt", "expected an ISO time");
  need(isObject(s.scope) && isStrArray(s.scope.regions) && isStrArray(s.scope.accounts), "scope", "expected {regions[], accounts[]}");
  need(Array.isArray(s.clusters), "clusters", "expected an array");
  need(Array.isArray(s.failures), "failures", "expected an array");
  (s.clusters as unknown[]).forEach((c, i) => checkCluster(c, `clusters[${i}]`));
  if (s.addonBuilds !== undefined) checkBuilds(s.addonBuilds);
  (s.failures as unknown[]).forEach((f, i) => {
    const where = `failures[${i}]`;
    need(isObject(f) && isStr(f.region) && isStr(f.operation) && isStr(f.error), where, "expected {region, operation, error}");
  });
  return data as FleetSnapshot;
}

function checkCluster(c: unknown, where: string): void {
  need(isObject(c), where, "expected an object");
  const o = c as Record<string, unknown>;
  need(isStr(o.name) && isStr(o.region), where, "expected name and region strings");
  need(isStrOrNull(o.account) && isStrOrNull(o.kubernetesVersion), where, "account/kubernetesVersion must be string or null");
  need(isStrArray(o.enabledLogTypes) && isStrArray(o.nodeRoleArns), where, "enabledLogTypes/nodeRoleArns must be string arrays");
  need(typeof o.autoMode === "boolean" && isObject(o.tags) && isObject(o.addonVersions), where, "autoMode/tags/addonVersions missing");
  for (const key of ["addons", "podIdentityAssociations", "insights", "cniRoles", "partialErrors"]) {
    need(Array.isArray(o[key]), `${where}.${key}`, "expected an array");
  }
  need(o.ipFamily === undefined || o.ipFamily === null || o.ipFamily === "ipv4" || o.ipFamily === "ipv6", `${where}.ipFamily`, 'expected "ipv4", "ipv6" or null');
  if (o.cniPermissions !== undefined && o.cniPermissions !== null) checkPermissions(o.cniPermissions, `${where}.cniPermissions`);
  (o.addons as unknown[]).forEach((a, j) => {
    const w = `${where}.addons[${j}]`;
    need(isObject(a) && isStr(a.name) && isStrOrNull(a.version) && isStrOrNull(a.configurationValues), w, "expected {name, version, configurationValues}");
    const addon = a as Record<string, unknown>;
    need(Array.isArray(addon.health) && isStrArray(addon.podIdentityAssociationArns), w, "expected health[] and podIdentityAssociationArns[]");
  });
}

const STATUSES = ["checked", "not-permitted", "error"];
const DECISIONS = ["allowed", "explicitDeny", "implicitDeny"];

function checkPermissions(v: unknown, where: string): void {
  need(Array.isArray(v), where, "expected an array or null");
  (v as unknown[]).forEach((p, i) => {
    const w = `${where}[${i}]`;
    need(isObject(p) && isStr(p.roleArn) && isStr(p.via) && STATUSES.includes(p.status as string), w, "expected {roleArn, via, status}");
    const role = p as Record<string, unknown>;
    need(isStrOrNull(role.error) && Array.isArray(role.results), w, "expected error (string or null) and results[]");
    (role.results as unknown[]).forEach((r, j) => {
      need(
        isObject(r) && isStr(r.action) && isStr(r.resource) && DECISIONS.includes(r.decision as string) && Array.isArray(r.matchedStatements),
        `${w}.results[${j}]`,
        "expected {action, resource, decision, matchedStatements[]}",
      );
    });
  });
}

function checkBuilds(v: unknown): void {
  need(isObject(v), "addonBuilds", "expected {region: {addon: builds[]}}");
  for (const [region, addons] of Object.entries(v as Record<string, unknown>)) {
    need(isObject(addons), `addonBuilds.${region}`, "expected {addon: builds[]}");
    for (const [addon, builds] of Object.entries(addons as Record<string, unknown>)) {
      const w = `addonBuilds.${region}.${addon}`;
      need(Array.isArray(builds), w, "expected an array");
      (builds as unknown[]).forEach((b, i) => {
        need(isObject(b) && isStr(b.version) && Array.isArray(b.compatibilities), `${w}[${i}]`, "expected {version, compatibilities[]}");
        const ok = ((b as Record<string, unknown>).compatibilities as unknown[]).every(
          (c) => isObject(c) && isStr(c.clusterVersion) && typeof c.defaultVersion === "boolean",
        );
        need(ok, `${w}[${i}].compatibilities`, "expected {clusterVersion, defaultVersion}[]");
      });
    }
  }
}
