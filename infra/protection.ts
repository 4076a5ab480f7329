// What a protected stage keeps (`protect`, infra/modes.ts): the dedup table (with DynamoDB
// deletion protection as well), the fleet reports, the alert topic's key and the central log
// stream survive `sst remove` and their removal from the program. Stateless parts (functions,
// rules, alarms) are replaced freely. SST's `removal: "retain"` (sst.config.ts) covers only
// tables and buckets; this names every stateful type, from the same setting.
import type { InfraConfig } from "./config.ts";

export function protectStatefulResources(config: Pick<InfraConfig, "protect">): void {
  if (!config.protect) return;
  $transform(aws.dynamodb.Table, (args, opts) => {
    if (args) args.deletionProtectionEnabled = true;
    opts.retainOnDelete = true;
  });
  const keep = (_args: unknown, opts: $util.CustomResourceOptions) => {
    opts.retainOnDelete = true;
  };
  $transform(aws.s3.Bucket, keep);
  $transform(aws.kms.Key, keep);
  $transform(aws.kinesis.Stream, keep);
}
