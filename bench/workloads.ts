// The three things the bench times over the same payloads:
// - floor: base64 + gunzip only (no parsing at all);
// - naive baseline: decode every payload and JSON.parse every audit event, no rules;
// - pipeline: the real core — decodeCloudWatchLogsEvent with the rules' prefilter,
//   evaluate (every rule), and MemoryStore.apply (fold into windows).
import { gunzipSync } from "node:zlib";
import { defaultConfig, type AuditorConfig } from "../shared/config.ts";
import { MemoryStore } from "../shared/store/memory-store.ts";
import { evaluate } from "../shared/pipeline.ts";
import { auditPrefiltersFor } from "../shared/prefilter/index.ts";
import { RULES } from "../shared/rules/index.ts";
import { gunzipMember } from "../shared/sources/gzip.ts";
import { decodeCloudWatchLogsEvent } from "../shared/sources/index.ts";
import type { AwslogsEvent } from "./stream.ts";

export interface PassTotals {
  events: number;
  /** Log events the prefilter dropped unparsed (pipeline only). */
  filtered: number;
  /** Audit events that reached the rules (pipeline) or JSON.parse (baseline). */
  parsed: number;
  matched: number;
  findings: number;
  due: number;
  rejected: number;
}

const zero = (): PassTotals => ({ events: 0, filtered: 0, parsed: 0, matched: 0, findings: 0, due: 0, rejected: 0 });

/** Decompression only: what no decoder can go below. Returns the bytes decompressed. */
export function floorPass(events: readonly AwslogsEvent[]): number {
  let bytes = 0;
  for (const e of events) bytes += gunzipSync(Buffer.from(e.awslogs.data, "base64")).length;
  return bytes;
}

/** The floor with the decoder's own gunzip (raw inflate into one buffer, then CRC-32: sources/gzip.ts). */
export function sizedFloorPass(events: readonly AwslogsEvent[]): number {
  let bytes = 0;
  for (const e of events) {
    const r = gunzipMember(Buffer.from(e.awslogs.data, "base64"));
    bytes += r.ok ? r.data.length : 0;
  }
  return bytes;
}

/** What a straightforward handler does: parse everything, then look. */
export function baselinePass(events: readonly AwslogsEvent[]): PassTotals {
  const t = zero();
  for (const e of events) {
    const payload = JSON.parse(gunzipSync(Buffer.from(e.awslogs.data, "base64")).toString("utf8")) as {
      logEvents: Array<{ message: string }>;
    };
    for (const le of payload.logEvents) {
      const record = JSON.parse(le.message) as { verb?: unknown };
      t.events++;
      if (record.verb !== undefined) t.parsed++;
    }
  }
  return t;
}

export interface PipelineSetup {
  config: AuditorConfig;
  prefilters: ReturnType<typeof auditPrefiltersFor> | Record<string, never>;
}

export function pipelineSetup(extraSystemUsers: readonly string[], prefilter = true): PipelineSetup {
  const config = defaultConfig({ extraSystemUsers: [...extraSystemUsers] });
  return { config, prefilters: prefilter ? auditPrefiltersFor(RULES, config) : {} };
}

const DEFAULTS = { cluster: null, account: null, region: "eu-west-1" };

/** The core, as the audit-logs Lambda runs it per invocation; one store across the stream. */
export async function pipelinePass(events: readonly AwslogsEvent[], setup: PipelineSetup, store = new MemoryStore()): Promise<PassTotals> {
  const t = zero();
  for (const e of events) {
    const decoded = decodeCloudWatchLogsEvent(e, { defaults: DEFAULTS, ...setup.prefilters });
    const result = evaluate(decoded.events, setup.config);
    const due = await store.apply(result.findings, { batchId: decoded.batchId ?? "unknown", windowMs: setup.config.windowMs });
    t.events += decoded.records;
    t.filtered += decoded.filtered;
    t.parsed += decoded.events.length;
    t.rejected += decoded.rejections.length;
    t.matched += result.matched;
    t.findings += result.findings.length;
    t.due += due.length;
  }
  return t;
}
