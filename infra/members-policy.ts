// Who may forward to the central stage, as IAM policy data (pure, no Pulumi): the principal and
// condition of the event bus policy and of the log destinations' access policies, and the
// condition under which CloudWatch Logs may use the destinations' role. An organization is
// admitted by `aws:PrincipalOrgID` (`aws:SourceOrgID` for the service acting for it), listed
// accounts by their root principal (resource policies) or their log groups' ARNs (the role).
import type { ResolvedModes } from "./modes.ts";

type Members = NonNullable<ResolvedModes["members"]>;

export interface MemberGrant {
  Principal: "*" | { AWS: string[] };
  Condition?: Record<string, Record<string, string[]>>;
}

/** For a resource policy (bus, destination): the members, and nobody else. */
export function memberGrant(m: Members, partition: string): MemberGrant {
  if (m.organizationId) return { Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": [m.organizationId] } } };
  return { Principal: { AWS: m.accounts.map((a) => `arn:${partition}:iam::${a}:root`) } };
}

/**
 * For the role the destinations pass to CloudWatch Logs: only deliveries from the members' (and
 * the central account's) log groups in the destinations' regions.
 */
export function logDeliveryCondition(m: Members, partition: string, central: string, regions: readonly string[]): Record<string, Record<string, string[]>> {
  if (m.organizationId) return { StringEquals: { "aws:SourceOrgID": [m.organizationId] } };
  const accounts = [...new Set([...m.accounts, central])];
  return { StringLike: { "aws:SourceArn": regions.flatMap((r) => accounts.map((a) => `arn:${partition}:logs:${r}:${a}:*`)) } };
}
