// The prefilter for CloudTrail log files (`{"Records":[…]}`, as trails write them to S3): after
// the file's one JSON.parse, a record that no CloudTrail rule's trigger accepts, and that no
// order-dependent rule learns from (a Pod Identity association of aws-node), is passed over
// before it is validated, fingerprinted and normalised — most of a trail. A record whose
// trigger fields are not plainly typed is kept, so the decoder reports it. Triggers of every
// CloudTrail rule count, enabled or not: add-on state follows every add-on call. Exactness:
// test/integration/cli/replay-prefilter.test.ts. (Here, not in prefilter/: it reads the decoder's Insights test.)
import { isObject } from "../core/object.ts";
import { awsNodeAssociationChange } from "../rules/predicates.ts";
import type { CloudTrailTrigger, Rule } from "../rules/rule.ts";
import { cloudTrailTriggerAccepts } from "../rules/triggers.ts";
import { isInsightRecord } from "../sources/cloudtrail.ts";
import type { CloudTrailRecord } from "../types.ts";

/** False only for a record no rule can match or learn from. */
export type RecordFilter = (record: unknown) => boolean;

const optionalString = (v: unknown): boolean => v === undefined || typeof v === "string";

export function cloudTrailRecordFilter(rules: readonly Rule[]): RecordFilter {
  const triggers: CloudTrailTrigger[] = rules.flatMap((r) => (r.source === "cloudtrail" ? r.triggers : []));
  const names = new Set(triggers.flatMap((t) => t.eventNames));
  return (value) => {
    if (!isObject(value)) return true; // the decoder rejects it, with its position
    const { eventSource, eventName, eventTime, errorCode } = value;
    if (typeof eventSource !== "string" || typeof eventName !== "string" || typeof eventTime !== "string" || !optionalString(errorCode)) return true;
    if (isInsightRecord(value)) return true; // skipped and counted by the decoder
    // Most records fail here: their call is none a rule names.
    if (!names.has(eventName)) return false;
    const record = value as CloudTrailRecord;
    return triggers.some((t) => cloudTrailTriggerAccepts(t, record)) || awsNodeAssociationChange(record) !== undefined;
  };
}
