// Decodes one parsed value as detect.ts does, except a CloudTrail log file under a record
// filter: its records that no rule can match or learn from are counted as filtered before they
// are normalised (shared/prefilter/cloudtrail-records.ts); the rest decode at their own
// positions (`Records[i]`), as decodeRecordsFile would.
import type { RecordFilter } from "./cloudtrail-records.ts";
import { at, type DecodeContext } from "../sources/context.ts";
import { decodeCloudTrailValue } from "../sources/cloudtrail.ts";
import { decodeValue, detectShape } from "../sources/detect.ts";
import { isObject } from "../sources/json.ts";

export function decodeDocument(ctx: DecodeContext, value: unknown, prefix: string, filter: RecordFilter | undefined): void {
  if (filter && isObject(value) && Array.isArray(value.Records) && detectShape(value) === "cloudtrail-file") {
    const records = value.Records as unknown[];
    for (let i = 0; i < records.length; i++) {
      if (filter(records[i])) decodeCloudTrailValue(ctx, records[i], at(prefix, `Records[${i}]`));
      else ctx.filtered++;
    }
    return;
  }
  decodeValue(ctx, value, prefix);
}
