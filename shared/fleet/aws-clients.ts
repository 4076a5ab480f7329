// Real EKS clients per fleet target (adapter), with each target's credentials from
// member-credentials.ts (the default chain for the own account, sts:AssumeRole for members).
// Throttling is left to the SDK's retry strategy (ThrottlingException, 429 are retried).
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { createMemberCredentials, memberRoleArn } from "./member-credentials.ts";
import type { FleetTarget } from "./inventory.ts";

export interface FleetClientOptions {
  /** Role name (or path/name) to assume in each member account; required with accounts. */
  roleName?: string | null;
  /** Named profile for the base credentials (else AWS_PROFILE / the default chain). */
  profile?: string;
  /** Tests only: a loopback endpoint and static credentials. */
  endpoint?: string;
  /** Tests only: where IAM calls go (default: `endpoint`). */
  iamEndpoint?: string;
  /** Tests only: the CloudWatch Logs endpoint (with `endpoint` but without this, no Logs reads). */
  logsEndpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SDK attempts per call, retries included (unset: the SDK's AWS_MAX_ATTEMPTS / config / 3). */
  maxAttempts?: number;
  /** For the EKS clients only: 1 when an adaptive gate retries (fleet fan-out, shared/fleet/fanout/). */
  eksMaxAttempts?: number;
  sessionName?: string;
}

export interface FleetClients {
  eksClient(target: FleetTarget): EKSClient;
  /** IAM (global; the target's region picks the partition's endpoint), same credentials as EKS. */
  iamClient(target: FleetTarget): IAMClient;
  logsClient(target: FleetTarget): CloudWatchLogsClient;
  /** Whether Logs is reachable (real AWS, or a test's Logs endpoint): audit subscriptions are read. */
  readsLogs: boolean;
  destroy(): void;
}

export { memberRoleArn };

export function createFleetClients(opts: FleetClientOptions): FleetClients {
  const base = {
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  const clients = new Map<string, EKSClient>();
  const iamClients = new Map<string, IAMClient>();
  const logsClients = new Map<string, CloudWatchLogsClient>();
  const member = createMemberCredentials(opts);
  const credentialsFor = member.credentialsFor;
  return {
    readsLogs: readsLogs(opts, process.env),
    eksClient(target) {
      const key = `${target.account ?? "-"}|${target.region}`;
      let client = clients.get(key);
      if (!client) {
        const credentials = credentialsFor(target);
        client = new EKSClient({ ...base, region: target.region, ...(credentials ? { credentials } : {}), ...(opts.eksMaxAttempts ? { maxAttempts: opts.eksMaxAttempts } : {}) });
        clients.set(key, client);
      }
      return client;
    },
    iamClient(target) {
      const key = `${target.account ?? "-"}|${target.region}`;
      let client = iamClients.get(key);
      if (!client) {
        const credentials = credentialsFor(target);
        const endpoint = opts.iamEndpoint ?? opts.endpoint;
        client = new IAMClient({ ...base, ...(endpoint ? { endpoint } : {}), region: target.region, ...(credentials ? { credentials } : {}) });
        iamClients.set(key, client);
      }
      return client;
    },
    logsClient(target) {
      const key = `${target.account ?? "-"}|${target.region}`;
      let client = logsClients.get(key);
      if (!client) {
        const credentials = credentialsFor(target);
        const endpoint = opts.logsEndpoint ?? opts.endpoint;
        client = new CloudWatchLogsClient({ ...base, ...(endpoint ? { endpoint } : {}), region: target.region, ...(credentials ? { credentials } : {}) });
        logsClients.set(key, client);
      }
      return client;
    },
    destroy() {
      for (const c of logsClients.values()) c.destroy();
      for (const c of clients.values()) c.destroy();
      for (const c of iamClients.values()) c.destroy();
      member.destroy();
    },
  };
}

/**
 * Logs is read on real AWS, or where a test points it at a peer: with EKS sent to a loopback
 * endpoint and Logs not, a Logs call would leave the machine, so none is made.
 */
function readsLogs(opts: FleetClientOptions, env: Readonly<Record<string, string | undefined>>): boolean {
  if (opts.logsEndpoint !== undefined || env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS) return true;
  return !opts.endpoint && !env.AWS_ENDPOINT_URL && !env.AWS_ENDPOINT_URL_EKS;
}
