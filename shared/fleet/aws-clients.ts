// Real EKS clients per fleet target (adapter). The caller's own account uses the SDK's
// default credential chain (environment, AWS_PROFILE / --profile, SSO, instance role);
// member accounts are reached with sts:AssumeRole on arn:<partition>:iam::<account>:role/<name>.
// Throttling is left to the SDK's retry strategy (ThrottlingException, 429 are retried).
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { partitionOf } from "../core/region.ts";
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

export function memberRoleArn(account: string, region: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/${roleName.replace(/^\/+/, "")}`;
}

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
  const stsClients = new Map<string, STSClient>();

  const sts = (region: string): STSClient => {
    let c = stsClients.get(region);
    if (!c) stsClients.set(region, (c = new STSClient({ ...base, region })));
    return c;
  };

  const assumeRole = (account: string, region: string): AwsCredentialIdentityProvider => {
    if (!opts.roleName) throw new Error(`account ${account} needs a role name to assume`);
    const roleArn = memberRoleArn(account, region, opts.roleName);
    // The SDK memoizes this provider per client and calls it again before expiry.
    return async () => {
      try {
        const out = await sts(region).send(
          new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: opts.sessionName ?? "cni-auditor-fleet" }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
        return {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: c.Expiration } : {}),
        };
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        const wrapped = new Error(`AssumeRole ${roleArn}: ${e.message}`, { cause: err });
        wrapped.name = e.name;
        throw wrapped;
      }
    };
  };

  const credentialsFor = (target: FleetTarget) => (target.account ? assumeRole(target.account, target.region) : base.credentials);
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
      for (const c of stsClients.values()) c.destroy();
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
