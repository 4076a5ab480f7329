// The one place member-account credentials come from (adapter): the caller's own account uses
// the SDK's default credential chain (environment, AWS_PROFILE / --profile, SSO, instance role)
// or the given credentials; a member account is reached with sts:AssumeRole on
// arn:<partition>:iam::<account>:role/<name>. The fleet's clients (aws-clients.ts) and the
// sweep's source-activity reads (functions/lambda/source-activity-clients.ts) both build on it.
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { partitionOf } from "../core/region.ts";
import type { FleetTarget } from "./inventory.ts";

export interface MemberCredentialOptions {
  /** Role name (or path/name) to assume in each member account; required with accounts. */
  roleName?: string | null | undefined;
  /** Named profile for the base credentials (else AWS_PROFILE / the default chain). */
  profile?: string | undefined;
  /** Tests only: where STS calls go (a loopback peer). */
  endpoint?: string | undefined;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  maxAttempts?: number | undefined;
  sessionName?: string | undefined;
}

export interface MemberCredentials {
  /** The target's credentials: assumed for a member account, the base ones (or the chain's) for null. */
  credentialsFor(target: FleetTarget): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  destroy(): void;
}

export function memberRoleArn(account: string, region: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/${roleName.replace(/^\/+/, "")}`;
}

export function createMemberCredentials(opts: MemberCredentialOptions): MemberCredentials {
  const base = {
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
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

  return {
    credentialsFor: (target) => (target.account ? assumeRole(target.account, target.region) : base.credentials),
    destroy() {
      for (const c of stsClients.values()) c.destroy();
    },
  };
}
