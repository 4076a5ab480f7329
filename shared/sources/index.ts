// Input decoders: every format README "Replay recorded events" lists, detected per file and per
// record, plain or gzip, normalised into NormalizedEvent. Bad records become Rejections;
// nothing here throws on bad input.
// Positions: "document" (a single top-level value), "line N", "record N" (top-level array),
// "logEvent N" (1-based), "Records[i]", "Events[i]", "events[i]", "items[i]" (0-based, as jq),
// joined with " › "; "file" / "end of file" for gzip failures of the whole file.
import { newContext, recordCount, reject, type AuditPrefilters, type DecodeContext } from "./context.ts";
import { isSubscriptionPayload, decodeAwslogsEvent, decodeSubscriptionPayload } from "./cloudwatch-logs.ts";
import { decodeEnvelope } from "./eventbridge.ts";
import { gunzip, isGzip } from "./gzip.ts";
import { isObject, someKeys, typeName } from "./json.ts";
import { decodeText } from "./text.ts";
import type { NormalizedEvent, Placement, Rejection } from "../types.ts";

export { detectShape, type Shape } from "./detect.ts";

export interface DecodeResult {
  events: NormalizedEvent[];
  rejections: Rejection[];
  /** Records seen: events + rejections + skipped (+ filtered). */
  records: number;
  /** Records that are fine but not for us: CONTROL_MESSAGE, non-audit streams, native service events, digests, Insights. */
  skipped: number;
  /** `skipped` by reason class. */
  skippedBy: Record<string, number>;
}

/**
 * `keepAuditMessage`: hot-path prefilter on a raw audit message string before JSON.parse;
 * false = drop (counted in `filtered`). `candidateScan`: picks the log events of a
 * subscription payload worth that check without parsing the payload. Both optional.
 */
export interface DecodeOptions extends AuditPrefilters {
  /** cluster/account/region where the input has none. */
  defaults: Placement;
}

function result(ctx: DecodeContext): DecodeResult & { filtered: number } {
  return {
    events: ctx.events,
    rejections: ctx.rejections,
    records: recordCount(ctx),
    skipped: ctx.skipped,
    skippedBy: ctx.skippedBy,
    filtered: ctx.filtered,
  };
}

/** Decodes one file (or stdin) of any supported format, plain or gzip (by magic bytes). */
export function decodeBytes(bytes: Uint8Array, file: string, opts: DecodeOptions): DecodeResult & { filtered: number } {
  const ctx = newContext(file, opts.defaults, opts);
  if (!isGzip(bytes)) {
    decodeText(ctx, bytes);
    return result(ctx);
  }
  const unzipped = gunzip(bytes, true);
  if (!unzipped.ok) {
    reject(ctx, "file", `bad gzip: ${unzipped.error}`);
    return result(ctx);
  }
  decodeText(ctx, unzipped.data);
  if (unzipped.truncated !== undefined) {
    reject(ctx, "end of file", `truncated gzip (${unzipped.truncated}); records before the cut were read`);
  }
  return result(ctx);
}

/** The CloudWatch Logs subscription Lambda event (or its decoded payload). */
export function decodeCloudWatchLogsEvent(
  event: unknown,
  opts: DecodeOptions & { origin?: string },
): DecodeResult & { filtered: number; batchId: string | null } {
  const ctx = newContext(opts.origin ?? "cloudwatch-logs", opts.defaults, opts);
  let batchId: string | null = null;
  if (isObject(event) && "awslogs" in event) batchId = decodeAwslogsEvent(ctx, event, "");
  else if (isObject(event) && isSubscriptionPayload(event)) batchId = decodeSubscriptionPayload(ctx, event, "");
  else reject(ctx, "", `not a CloudWatch Logs subscription event (${isObject(event) ? someKeys(event) : typeName(event)})`);
  return { ...result(ctx), batchId };
}

/** An EventBridge event carrying a CloudTrail record in `detail`. */
export function decodeEventBridgeEvent(
  event: unknown,
  opts: DecodeOptions & { origin?: string },
): DecodeResult & { batchId: string | null } {
  const ctx = newContext(opts.origin ?? "eventbridge", opts.defaults);
  let batchId: string | null = null;
  if (isObject(event) && "detail" in event) batchId = decodeEnvelope(ctx, event, "");
  else reject(ctx, "", `not an EventBridge event (${isObject(event) ? someKeys(event) : typeName(event)})`);
  const { filtered: _filtered, ...rest } = result(ctx);
  return { ...rest, batchId };
}
