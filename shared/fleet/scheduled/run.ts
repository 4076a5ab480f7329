// One scheduled fleet audit: read the fleet, store the reports (dated folder, then latest/),
// and send one summary alert through the configured sinks. The handler supplies the clock,
// the EKS-reading function, the bucket and the sinks; this file decides nothing about AWS.
import type { Clock, DeliveryLog } from "../../delivery/clock.ts";
import { sendWithRetry } from "../../delivery/retry.ts";
import { SinkDeliveryError } from "../../errors.ts";
import { accepts, type AlertSink } from "../../sinks/sink.ts";
import { routeAlert } from "../../routing/routes.ts";
import { renderFleetReport, type FleetSilencing } from "../report/index.ts";
import type { FleetReport } from "../report/model.ts";
import { parseReport } from "../report/report-io.ts";
import { serializeSnapshot } from "../snapshot-io.ts";
import type { FleetSnapshot } from "../snapshot.ts";
import { fleetSummaryAlert } from "../summary-alert.ts";
import { cniRoleArnsFromSnapshot } from "../cni-roles.ts";
import { knownPermissionsFromSnapshot } from "../permissions/from-snapshot.ts";
import type { KnownClusterPermissions } from "../permissions/known.ts";
import { knownPodIdentityFromSnapshot, type KnownPodIdentity } from "../pod-identity-known.ts";
import { ANNOUNCED_REPORT, CONTENT_TYPES, LATEST_PREFIX, REPORT_FILES, datedPrefix, reportUrl, type ReportFile } from "./locations.ts";
import type { ReportStore } from "./report-store.ts";
import type { FleetReportSettings } from "./settings.ts";

export interface ScheduledFleetDeps {
  settings: FleetReportSettings;
  takeSnapshot(takenAt: string): Promise<FleetSnapshot>;
  store: ReportStore;
  sinks: readonly AlertSink[];
  clock: Clock;
  /** Wall-clock ms after which sink retries stop (the invocation's deadline, minus a margin). */
  deadlineMs: number;
  log: DeliveryLog;
  /** The stack's silences (fleet findings they match are held back, the report lists them); optional. */
  readSilences?(): Promise<FleetSilencing>;
  /** Hands the CNI roles of the snapshot, their permissions and aws-node's Pod Identity clusters to the event Lambdas; optional. */
  /**
   * The cninodes-forbidden denials the stack's table recorded, set on each cluster
   * (shared/store/cninodes-denials.ts); optional (without it they stay unknown). Never throws.
   */
  addCninodesDenials?(snapshot: FleetSnapshot, nowMs: number, onError: (err: Error) => void): Promise<FleetSnapshot>;
  publishCniRoles?(roles: string[], takenAtMs: number, permissions?: KnownClusterPermissions[], podIdentity?: KnownPodIdentity): Promise<void>;
}

export interface ScheduledFleetResult {
  takenAt: string;
  prefix: string;
  reportUrl: string;
  clusters: number;
  findings: number;
  unreadable: number;
  sentTo: string[];
  /** Sinks whose minimum severity is above the summary's. */
  belowThreshold: string[];
}

export async function runScheduledFleetReport(deps: ScheduledFleetDeps): Promise<ScheduledFleetResult> {
  const { settings, store, log } = deps;
  const takenAt = new Date(deps.clock.now()).toISOString();
  const previous = await readPrevious(store, log);
  const snapshot = await withDenials(deps, await deps.takeSnapshot(takenAt));
  await publishRoles(deps, snapshot);
  const rendered = renderFleetReport(snapshot, previous, await silencing(deps));
  const bodies: Record<ReportFile, string> = {
    "report.json": rendered.json,
    "report.md": rendered.markdown,
    "report.html": rendered.html,
    "snapshot.json": serializeSnapshot(snapshot),
  };
  const prefix = datedPrefix(takenAt);
  // The dated copy first: latest/ only ever points at a complete set.
  for (const dir of [prefix, LATEST_PREFIX]) {
    await Promise.all(REPORT_FILES.map((f) => store.put(`${dir}${f}`, bodies[f], CONTENT_TYPES[f])));
  }
  const url = reportUrl({ urlBase: settings.urlBase, bucket: settings.bucket, region: settings.homeRegion }, `${prefix}report.html`);
  const alert = fleetSummaryAlert(rendered.report, url);
  log.info("fleet report stored", { prefix, clusters: snapshot.clusters.length, findings: rendered.findings.length, unreadable: snapshot.failures.length });

  const sentTo: string[] = [];
  const belowThreshold: string[] = [];
  const failed: SinkDeliveryError[] = [];
  const routed = routeAlert(settings.routes ?? [], alert, deps.sinks.map((s) => s.name)).sinks;
  for (const sink of deps.sinks) {
    if (!routed.includes(sink.name)) continue;
    if (!accepts(sink, alert.severity)) {
      belowThreshold.push(sink.name);
      continue;
    }
    const outcome = await sendWithRetry(sink, { alert, kind: "open", previouslyReported: 0 }, deps.clock, { deadlineMs: deps.deadlineMs }, log);
    if (outcome.ok) sentTo.push(sink.name);
    else failed.push(outcome.error);
  }
  if (failed.length) {
    // The reports are stored; failing the invocation makes the scheduler retry the summary.
    throw new SinkDeliveryError(failed.map((e) => e.sink).join(","), `fleet summary not delivered: ${failed.map((e) => e.message).join("; ")}`, {
      retryable: failed.some((e) => e.retryable),
      cause: failed[0],
    });
  }
  await store.put(ANNOUNCED_REPORT, rendered.json, CONTENT_TYPES["report.json"]);
  return {
    takenAt,
    prefix,
    reportUrl: url,
    clusters: snapshot.clusters.length,
    findings: rendered.findings.length,
    unreadable: snapshot.failures.length,
    sentTo,
    belowThreshold,
  };
}

/**
 * The last announced report (else the last stored one), for "what changed"; a missing or
 * unreadable one is no previous.
 */
async function readPrevious(store: ReportStore, log: DeliveryLog): Promise<FleetReport | null> {
  try {
    const text = (await store.get(ANNOUNCED_REPORT)) ?? (await store.get(`${LATEST_PREFIX}report.json`));
    return text === null ? null : parseReport(text);
  } catch (err) {
    log.warn("previous report not readable; reporting without changes", { error: `${(err as Error).name}: ${(err as Error).message}` });
    return null;
  }
}

/** Best effort: unreadable silences cost the silencing, never the report (findings are then all shown). */
async function silencing(deps: ScheduledFleetDeps): Promise<FleetSilencing | undefined> {
  if (!deps.readSilences) return undefined;
  try {
    return await deps.readSilences();
  } catch (err) {
    deps.log.warn("silences not readable; the report holds nothing back", { error: `${(err as Error).name}: ${(err as Error).message}` });
    return undefined;
  }
}

/** Best effort: a failure here must not cost the report, only the attribution it feeds. */
async function publishRoles(deps: ScheduledFleetDeps, snapshot: FleetSnapshot): Promise<void> {
  if (!deps.publishCniRoles) return;
  const roles = cniRoleArnsFromSnapshot(snapshot);
  try {
    await deps.publishCniRoles(roles, Date.parse(snapshot.takenAt), knownPermissionsFromSnapshot(snapshot), knownPodIdentityFromSnapshot(snapshot));
  } catch (err) {
    deps.log.warn("CNI roles not published; event alerts keep the configured roles", { error: `${(err as Error).name}: ${(err as Error).message}` });
  }
}

/** Best effort: an unreadable table leaves the denials unknown (null), never costs the report. */
async function withDenials(deps: ScheduledFleetDeps, snapshot: FleetSnapshot): Promise<FleetSnapshot> {
  if (!deps.addCninodesDenials) return snapshot;
  return deps.addCninodesDenials(snapshot, deps.clock.now(), (err) =>
    deps.log.warn("cninodes-forbidden windows not readable; fleet/cninodes-rbac-gap does not know", { error: `${err.name}: ${err.message}` }),
  );
}
