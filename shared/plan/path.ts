// The path of a cluster: the build it ends on, the vpc-cni steps (one minor at a time, each on
// a build EKS offers) and the Kubernetes steps, ordered so every add-on step runs on a
// Kubernetes version its build is offered for.
import { compareAddonVersions, knownIssueById } from "../catalog/index.ts";
import { findAddon, type ClusterSnapshot, type FleetSnapshot } from "../fleet/snapshot.ts";
import { minorSteps } from "../fleet/versions.ts";
import { isOffered, newestOfMinor, offeredBuilds, resolveBuild, type Offered } from "./builds.ts";
import { checkKubernetesSupport } from "./kubernetes-support.ts";
import type { PlanFinding, PlanRequest, PlanStep } from "./model.ts";

export interface PathResult {
  target: string | null;
  steps: PlanStep[];
  findings: PlanFinding[];
}

const ONE_MINOR = "vpc-cni-one-minor-at-a-time";
const UG = "https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html";

function finding(id: string, kind: PlanFinding["kind"], severity: PlanFinding["severity"], title: string, detail: string, version: string | null): PlanFinding {
  return { id, kind, severity, title, detail, version, references: id === ONE_MINOR ? (knownIssueById(ONE_MINOR)?.references ?? [UG]) : [UG] };
}

/** "1.31" → [1, 31]; null when not a Kubernetes minor. */
export function k8sMinor(v: string | null): [number, number] | null {
  const m = v ? /^(\d+)\.(\d+)$/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function kubernetesSteps(c: ClusterSnapshot, to: string | null, findings: PlanFinding[]): PlanStep[] {
  const from = c.kubernetesVersion;
  const a = k8sMinor(from);
  const b = k8sMinor(to);
  if (!a || !b || !to) return [];
  // Staying on the cluster's version: still say when EKS bills or ends it.
  if (from === to) {
    findings.push(...checkKubernetesSupport(c, to, []).findings);
    return [];
  }
  if (a[0] !== b[0] || b[1] < a[1]) {
    findings.push(finding("plan/kubernetes-downgrade", "compatibility", "high", `EKS cannot move Kubernetes ${from} to ${to}`, "EKS upgrades the control plane forward, one minor version at a time; it never downgrades.", to));
    return [];
  }
  const steps: PlanStep[] = [];
  for (let m = a[1] + 1; m <= b[1]; m++) {
    const prev = `${a[0]}.${m - 1}`;
    steps.push({ kind: "kubernetes", subject: "kubernetes", from: prev, to: `${a[0]}.${m}`, reason: "EKS upgrades the control plane one minor version at a time" });
  }
  // Never a step to a version EKS does not offer or no longer supports (its support calendar).
  const support = checkKubernetesSupport(c, to, steps.map((s) => s.to));
  findings.push(...support.findings);
  return support.plannable ? steps : [];
}

/** The build to end on: the requested one, else the current one if Kubernetes `kTo` is offered it, else the build EKS defaults to there. */
function chooseTarget(req: PlanRequest, current: string, offTo: Offered, kTo: string | null, kFrom: string | null, findings: PlanFinding[]): string | null {
  if (req.to) {
    const r = resolveBuild(req.to, offTo, kTo);
    if (r.version === null) {
      const newer = offTo.versions.filter((v) => compareAddonVersions(v, current) >= 0);
      const hint = newer.length ? ` Builds offered for Kubernetes ${kTo}: ${newer.slice(0, 5).join(", ")}${newer.length > 5 ? ", …" : ""}.` : "";
      findings.push(finding("plan/target-not-offered", "compatibility", "high", `vpc-cni ${req.to} cannot be planned: ${r.why}`, `EKS only installs builds it offers for the cluster's Kubernetes version.${hint}`, req.to));
    }
    return r.version;
  }
  if (kTo === kFrom || isOffered(offTo, current)) return current;
  if (!offTo.complete) {
    findings.push(finding("plan/builds-unknown", "unchecked", "info", `The builds offered for Kubernetes ${kTo} are not in the snapshot`, "Take a new snapshot (cni-auditor fleet --save-snapshot) to check that the installed build is offered there.", kTo));
    return current;
  }
  const up = [offTo.defaultVersion, ...offTo.versions].find((v): v is string => !!v && compareAddonVersions(v, current) >= 0) ?? null;
  findings.push(
    finding(
      "plan/addon-not-offered-for-kubernetes",
      "compatibility",
      "high",
      `vpc-cni ${current} is not offered for Kubernetes ${kTo}`,
      up
        ? `Moving Kubernetes first would leave aws-node on a build EKS does not support there; the plan moves vpc-cni to ${up} (offered for ${kTo}) first where it can.`
        : `No build at or above ${current} is offered for Kubernetes ${kTo}.`,
      current,
    ),
  );
  return up;
}

export function planPath(snapshot: FleetSnapshot, c: ClusterSnapshot, req: PlanRequest): PathResult {
  const current = findAddon(c, "vpc-cni")?.version ?? "";
  const findings: PlanFinding[] = [];
  const kFrom = c.kubernetesVersion;
  const kTo = req.kubernetes ?? kFrom;
  const offFrom = offeredBuilds(snapshot, c, "vpc-cni", kFrom);
  const offTo = offeredBuilds(snapshot, c, "vpc-cni", kTo);
  const kSteps = req.kubernetes ? kubernetesSteps(c, req.kubernetes, findings) : [];
  const target = chooseTarget(req, current, offTo, kTo, kFrom, findings);
  // Without a build to end on, no step is safe: not even the Kubernetes one (it would strand the add-on).
  if (!target) return { target, steps: [], findings };

  const addon: PlanStep[] = [];
  const cmp = compareAddonVersions(target, current);
  if (cmp < 0) {
    addon.push({ kind: "addon", subject: "vpc-cni", from: current, to: target, reason: "downgrade" });
    findings.push(finding("plan/downgrade", "path", "medium", `vpc-cni goes down from ${current} to ${target}`, "A downgrade undoes fixes and settings of the newer version.", target));
  } else if (cmp > 0) {
    const minors = minorSteps(current, target);
    let from = current;
    let unknownBuilds = 0;
    minors.slice(0, -1).forEach((m) => {
      let b = newestOfMinor(offFrom, m) ?? newestOfMinor(offTo, m);
      // An older snapshot lists no builds: the step stays, its build is for the reader to pick.
      if (!b && !offFrom.complete) {
        b = `<newest-${m}-build>`;
        unknownBuilds++;
      }
      if (!b) {
        findings.push(finding("plan/minor-not-offered", "path", "low", `No build of ${m} is offered for this cluster: that step is skipped`, "EKS accepts the jump; the recommended one-minor path is not available for this Kubernetes version.", m));
        return;
      }
      addon.push({ kind: "addon", subject: "vpc-cni", from, to: b, reason: `one minor version at a time: the newest ${m} build offered` });
      from = b;
    });
    addon.push({ kind: "addon", subject: "vpc-cni", from, to: target, reason: "the target" });
    if (unknownBuilds > 0) {
      findings.push(finding("plan/builds-unknown", "unchecked", "info", "The snapshot does not list the builds EKS offers for this cluster", `Take a new snapshot (cni-auditor fleet --save-snapshot), or pick each <newest-vX.Y-build> from describe-addon-versions (the first command): ${unknownBuilds} intermediate step(s).`, null));
    }
    if (minors.length > 1) {
      const entry = knownIssueById(ONE_MINOR);
      findings.push(finding(ONE_MINOR, "path", "info", entry?.title ?? "Upgrade the VPC CNI one minor version at a time", `${current} → ${target} crosses ${minors.length} minor versions: ${minors.join(" → ")}.`, target));
    }
  }
  // Add-on steps whose build runs on the current Kubernetes go first; the rest follow the control plane.
  const firstAfter = kSteps.length === 0 ? addon.length : addon.findIndex((s) => offFrom.complete && !isOffered(offFrom, s.to));
  const split = firstAfter < 0 ? addon.length : firstAfter;
  return { target, steps: [...addon.slice(0, split), ...kSteps, ...addon.slice(split)], findings };
}
