// The dedup table and the fleet report bucket.
import type { InfraConfig } from "./config.ts";

export function storage(config: InfraConfig) {
  // On-demand (SST's Dynamo is PAY_PER_REQUEST): traffic is bursty (storms, then nothing),
  // so provisioned capacity would either throttle a storm or be paid for idle. Items expire
  // through TTL on `expiresAt` (epoch seconds), set by the store after the window closes.
  const table = new sst.aws.Dynamo("DedupTable", {
    fields: { pk: "string" },
    primaryIndex: { hashKey: "pk" },
    ttl: "expiresAt",
    // A predictable name: `cni-auditor silence --stack STAGE` finds the table by it.
    transform: { table: (a) => void (a.name = `cni-auditor-${$app.stage}-dedup`) },
  });

  // Private (SST buckets block public access and enforce HTTPS); reports expire.
  const reports = new sst.aws.Bucket("FleetReports", {
    cors: false,
    lifecycle: [{ id: "expire-reports", expiresIn: `${config.reportRetentionDays} days` }],
  });

  return { table, reports };
}

export type Storage = ReturnType<typeof storage>;
