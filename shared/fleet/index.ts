// The fleet audit's pure core, for other parts (CLI `rules`, config tooling). The EKS
// inventory and its SDK clients live in inventory.ts / aws-clients.ts and are imported
// directly by the CLI and the Lambda, so importing this file loads no AWS SDK.
export type { CheckHit, FleetCheck, FleetCheckId } from "./check.ts";
export { FLEET_CHECKS } from "./checks/index.ts";
export { cniRoleArnsFromSnapshot, cniRolesFor } from "./cni-roles.ts";
export { compareFindings, fleetDedupKey, runFleetChecks } from "./evaluate.ts";
export { describeNetworking, networkingMode, CNI_TAG, type NetworkingMode } from "./networking.ts";
export { renderFleetReport, type RenderedFleetReport } from "./report/index.ts";
export { buildFleetReport, REPORT_SCHEMA, REPORT_SCHEMA_VERSION, type ClusterRow, type FleetReport } from "./report/model.ts";
export { parseReport, serializeReport } from "./report/report-io.ts";
export { parseSnapshot, serializeSnapshot } from "./snapshot-io.ts";
export * from "./snapshot.ts";
export { fleetSummaryAlert, SUMMARY_RULE } from "./summary-alert.ts";
