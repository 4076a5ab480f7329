// A loopback CloudTrail endpoint (JSON 1.1, `X-Amz-Target: CloudTrail_20131101.<Operation>`, as
// this SDK sends it; the long `com.amazonaws.cloudtrail.v20131101.` form too): DescribeTrails,
// GetTrailStatus and GetEventSelectors (basic or advanced selectors), for `cni-auditor doctor`.
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export interface PeerTrail {
  name: string;
  multiRegion: boolean;
  logging: boolean;
  /** Basic selectors, or advanced ones (as CloudTrail returns them). */
  eventSelectors?: Array<{ ReadWriteType: "All" | "ReadOnly" | "WriteOnly"; IncludeManagementEvents: boolean }>;
  advancedEventSelectors?: Array<{ Name?: string; FieldSelectors: Array<{ Field: string; Equals?: string[] }> }>;
}

export interface CloudTrailPeer extends LoopbackServer {
  trails: PeerTrail[];
}

const JSON_TYPE = { "content-type": "application/x-amz-json-1.1" };
const error = (type: string, message: string): Answer => ({
  status: 400,
  headers: JSON_TYPE,
  body: JSON.stringify({ __type: type, message }),
});

export async function startCloudTrailPeer(trails: PeerTrail[], region = "eu-west-1", account = "111122223333"): Promise<CloudTrailPeer> {
  const arn = (t: PeerTrail) => `arn:aws:cloudtrail:${region}:${account}:trail/${t.name}`;
  const find = (nameOrArn: string | undefined) => trails.find((t) => t.name === nameOrArn || arn(t) === nameOrArn);
  const server = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const op = /^(com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/.exec(target)?.[2] ?? target;
    const input = JSON.parse(req.body || "{}") as { Name?: string; TrailName?: string };
    const ok = (out: unknown): Answer => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify(out) });
    if (op === "DescribeTrails") {
      return ok({
        trailList: trails.map((t) => ({
          Name: t.name,
          TrailARN: arn(t),
          HomeRegion: region,
          IsMultiRegionTrail: t.multiRegion,
          S3BucketName: "trail-bucket",
          HasCustomEventSelectors: true,
        })),
      });
    }
    if (op === "GetTrailStatus") {
      const t = find(input.Name);
      return t ? ok({ IsLogging: t.logging }) : error("TrailNotFoundException", `Unknown trail: ${input.Name}`);
    }
    if (op === "GetEventSelectors") {
      const t = find(input.TrailName);
      if (!t) return error("TrailNotFoundException", `Unknown trail: ${input.TrailName}`);
      return ok({
        TrailARN: arn(t),
        ...(t.advancedEventSelectors ? { AdvancedEventSelectors: t.advancedEventSelectors } : { EventSelectors: t.eventSelectors ?? [] }),
      });
    }
    return error("UnknownOperationException", op);
  });
  return Object.assign(server, { trails });
}
