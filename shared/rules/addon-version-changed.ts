import { compareAddonVersions, featuresFromConfiguration, knownIssuesFor, minorGap } from "../catalog/index.ts";
import { addonStateKey } from "../core/addon-state.ts";
import { worseSeverity, type Severity } from "../core/severity.ts";
import type { CloudTrailRule } from "./rule.ts";
import {
  TRACKED_ADDONS,
  actorName,
  addonNameOf,
  requestedConfiguration,
  requestedPodIdentityRoles,
  requestedVersion,
} from "./addon-request.ts";
import { renderAddonVersionChanged } from "./addon-version-text.ts";
import { permissionFacts } from "./addon-permissions.ts";
import { addonKeysAt, cloudTrailPlacement, dedupKey, failed, issuerArn, makeFinding, strField } from "./predicates.ts";
import { strs } from "./text.ts";

const EVENTS = ["CreateAddon", "UpdateAddon"];

/** Compares two versions, or null when either cannot be read (a version the catalog does not know the shape of). */
function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

export const addonVersionChanged: CloudTrailRule = {
  id: "addon-version-changed",
  source: "cloudtrail",
  summary:
    "Successful CreateAddon/UpdateAddon of vpc-cni, eks-pod-identity-agent, kube-proxy, coredns: from → to, downgrades, skipped minors, OVERWRITE, and the known issues the target version and configuration hit.",
  defaultSeverity: "low",
  dedupKeyDoc: "account | region | addon-version-changed | cluster | addon | toVersion",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/vpc-add-on-update.html",
    "https://github.com/aws/amazon-vpc-cni-k8s/blob/master/CHANGELOG.md",
  ],
  triggers: [{ eventSource: "eks.amazonaws.com", eventNames: EVENTS, failed: false }],

  // The add-on's last version and features: `fromVersion`, and what an update keeps.
  addonStateKeys(event) {
    const addon = addonNameOf(event.record);
    return addon !== null && TRACKED_ADDONS.includes(addon) ? addonKeysAt(event, [addon]) : [];
  },

  match(event, ctx) {
    const r = event.record;
    if (r.eventSource !== "eks.amazonaws.com" || !EVENTS.includes(r.eventName ?? "") || failed(r)) return undefined;
    const addon = addonNameOf(r);
    if (addon === null || !TRACKED_ADDONS.includes(addon)) return undefined;
    const where = cloudTrailPlacement(event);
    const prev = ctx.addonState(addonStateKey(where.account, where.region, where.cluster, addon));
    const update = r.eventName === "UpdateAddon";

    const requested = requestedVersion(r);
    const toVersion = requested ?? (update ? (prev?.version ?? null) : null);
    const fromVersion = prev?.version ?? null;

    // An update replaces what it sends and keeps the rest; a create starts from nothing.
    const config = requestedConfiguration(r);
    const parsed = featuresFromConfiguration(config);
    const kept = update ? (prev?.features ?? []) : [];
    const configFeatures = config !== undefined ? parsed.features : kept.filter((f) => f !== "pod-identity");
    const podIdentityRoles = requestedPodIdentityRoles(r);
    const podIdentity = podIdentityRoles !== undefined ? podIdentityRoles.length > 0 : kept.includes("pod-identity");
    const features: string[] = [...configFeatures, ...(podIdentity ? ["pod-identity"] : [])];

    const downgrade = fromVersion && toVersion ? safe(() => compareAddonVersions(toVersion, fromVersion) < 0) : null;
    const skippedMinors = fromVersion && toVersion ? safe(() => minorGap(fromVersion, toVersion)) : null;
    const resolveConflicts = strField(r.requestParameters, "resolveConflicts");
    const issues = toVersion ? knownIssuesFor(addon, toVersion, features) : [];

    let severity: Severity = "low";
    if (downgrade === true || resolveConflicts === "OVERWRITE") severity = "medium";
    if (addon === "vpc-cni" && (skippedMinors ?? 0) > 0) severity = worseSeverity(severity, "medium");
    for (const e of issues) severity = worseSeverity(severity, e.severity);
    // What the fleet snapshot's IAM simulation says the CNI role lacks for the new version.
    const perms = addon === "vpc-cni" && toVersion ? permissionFacts(ctx.config.fleetPermissions, where, toVersion) : null;
    if (perms?.severity) severity = worseSeverity(severity, perms.severity);
    const proven = perms ? perms.knownIssues.filter((id) => !issues.some((e) => e.id === id)) : [];

    const actor = issuerArn(r);
    return makeFinding("addon-version-changed", event, where, {
      severity,
      dedupKey: dedupKey("addon-version-changed", where, where.cluster, addon, toVersion),
      actor,
      knownIssues: [...issues.map((e) => e.id), ...proven],
      facts: {
        operation: r.eventName ?? null,
        addonName: addon,
        fromVersion,
        toVersion,
        versionRequested: requested !== null,
        resolveConflicts,
        features,
        configurationChanged: config !== undefined,
        ...(parsed.error ? { configurationError: parsed.error } : {}),
        downgrade,
        skippedMinors,
        actor,
        actorName: actorName(r),
        ...(podIdentityRoles !== undefined ? { podIdentityRoles } : {}),
        ...(perms ? perms.facts : {}),
        ...(strField(r.requestParameters, "serviceAccountRoleArn")
          ? { serviceAccountRoleArn: strField(r.requestParameters, "serviceAccountRoleArn") }
          : {}),
      },
    });
  },

  addonUpdate(finding) {
    const addon = typeof finding.facts.addonName === "string" ? finding.facts.addonName : null;
    if (addon === null) return undefined;
    const version = typeof finding.facts.toVersion === "string" ? finding.facts.toVersion : null;
    return {
      key: addonStateKey(finding.account, finding.region, finding.cluster, addon),
      state: { version, features: strs(finding.facts, "features"), timeMs: finding.timeMs },
    };
  },

  render: renderAddonVersionChanged,
};
