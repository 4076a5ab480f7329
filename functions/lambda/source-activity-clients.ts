// CloudWatch Logs and CloudWatch clients per account-region for the sweep's audit-source-silent
// reads, with the credentials of shared/fleet/member-credentials.ts (the fleet's AssumeRole
// logic, one place). Kept apart from the fleet's clients so the sweep bundles no EKS or IAM client.
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { FleetTarget } from "../../shared/fleet/inventory.ts";
import { createMemberCredentials, type MemberCredentialOptions } from "../../shared/fleet/member-credentials.ts";

export interface SourceActivityClientOptions extends MemberCredentialOptions {
  /** Tests only: where CloudWatch and CloudWatch Logs calls go (STS goes to `endpoint`). */
  metricsEndpoint?: string | undefined;
}

export interface SourceActivityClients {
  logsClient(target: FleetTarget): CloudWatchLogsClient;
  metricsClient(target: FleetTarget): CloudWatchClient;
  destroy(): void;
}

export function createSourceActivityClients(opts: SourceActivityClientOptions): SourceActivityClients {
  const member = createMemberCredentials(opts);
  const endpoint = opts.metricsEndpoint ?? opts.endpoint;
  const configFor = (target: FleetTarget) => {
    const credentials = member.credentialsFor(target);
    return {
      region: target.region,
      ...(endpoint ? { endpoint } : {}),
      ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(credentials ? { credentials } : {}),
    };
  };
  const logs = new Map<string, CloudWatchLogsClient>();
  const metrics = new Map<string, CloudWatchClient>();
  const keyOf = (t: FleetTarget) => `${t.account ?? "-"}|${t.region}`;
  return {
    logsClient(target) {
      let c = logs.get(keyOf(target));
      if (!c) logs.set(keyOf(target), (c = new CloudWatchLogsClient(configFor(target))));
      return c;
    },
    metricsClient(target) {
      let c = metrics.get(keyOf(target));
      if (!c) metrics.set(keyOf(target), (c = new CloudWatchClient(configFor(target))));
      return c;
    },
    destroy() {
      for (const c of [...logs.values(), ...metrics.values()]) c.destroy();
      member.destroy();
    },
  };
}
