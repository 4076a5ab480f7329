// Coverage (issue 17): the cloudtrail function subscribes an EKS control-plane log group the
// moment CloudTrail reports its creation, with the same filter the deploy puts on the others,
// so a cluster created after the deploy is audited too. A group that cannot be subscribed (two
// filters already, a policy) is logged and counted; the fleet check audit-log-not-subscribed
// reports it every day until fixed. Only groups of this function's own account: in central
// mode members' groups are subscribed by their member stacks.
import { createdClusterLogGroups } from "../../shared/triggers/coverage.ts";
import type { NormalizedEvent } from "../../shared/types.ts";
import type { Logger } from "@aws-lambda-powertools/logger";
// Named here for the permissions check (test/unit/infra/sdk-calls.ts); loaded with import() below.
import type { CloudWatchLogsClient, CloudWatchLogsClientConfig, PutSubscriptionFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { CoverageSettings } from "./settings.ts";

export interface Subscriber {
  putSubscriptionFilter(input: { logGroupName: string; filterName: string; filterPattern: string; destinationArn: string }): Promise<void>;
}

/** The real CloudWatch Logs client, imported on first use (most batches create no log group). */
export function logsSubscriber(config: CloudWatchLogsClientConfig = {}): Subscriber {
  let sdk: Promise<typeof import("@aws-sdk/client-cloudwatch-logs")> | undefined;
  let client: CloudWatchLogsClient | undefined;
  return {
    async putSubscriptionFilter(input) {
      const m = await (sdk ??= import("@aws-sdk/client-cloudwatch-logs"));
      client ??= new m.CloudWatchLogsClient({ maxAttempts: 3, ...config });
      const command: PutSubscriptionFilterCommand = new m.PutSubscriptionFilterCommand(input);
      await client.send(command);
    },
  };
}

export async function subscribeNewLogGroups(
  events: readonly NormalizedEvent[],
  settings: CoverageSettings | null,
  account: string | null,
  subscriber: Subscriber,
  logger: Pick<Logger, "info" | "error">,
): Promise<{ subscribed: string[]; failed: string[] }> {
  const out = { subscribed: [] as string[], failed: [] as string[] };
  if (settings === null) return out;
  const own = events.filter((e) => account === null || e.account === null || e.account === account);
  for (const logGroupName of createdClusterLogGroups(own)) {
    try {
      await subscriber.putSubscriptionFilter({ logGroupName, filterName: settings.filterName, filterPattern: settings.filterPattern, destinationArn: settings.destinationArn });
      out.subscribed.push(logGroupName);
      logger.info("new cluster log group subscribed", { logGroupName, filterName: settings.filterName });
    } catch (e) {
      out.failed.push(logGroupName);
      logger.error("new cluster log group not subscribed; the fleet check audit-log-not-subscribed reports it", { logGroupName, error: `${(e as Error).name}: ${(e as Error).message}` });
    }
  }
  return out;
}
