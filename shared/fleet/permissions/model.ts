// What IAM's policy simulator said about the CNI's roles, as the snapshot stores it. One
// entry per role the CNI uses on a cluster; `results` holds every EC2 action any CNI
// version calls, so an upgrade plan can answer for a version that is not installed yet.

export type SimulationStatus =
  /** The simulator answered for every action. */
  | "checked"
  /** The caller may not call iam:SimulatePrincipalPolicy on this role (AccessDenied). */
  | "not-permitted"
  /** Any other failure (throttling after retries, a role that no longer exists, …). */
  | "error";

export type EvalDecision = "allowed" | "explicitDeny" | "implicitDeny";

/** Which layer denied: the role's own policies, its permissions boundary, or an SCP. */
export type DeniedBy = "identity" | "boundary" | "organizations";

export interface MatchedStatement {
  sourcePolicyId: string | null;
  sourcePolicyType: string | null;
}

export interface ActionDecision {
  /** With the prefix, e.g. "ec2:DescribeSubnets". */
  action: string;
  /** The resource simulated: "*", or the ENI ARN pattern for CreateTags. */
  resource: string;
  decision: EvalDecision;
  /** null when allowed. */
  deniedBy: DeniedBy | null;
  matchedStatements: MatchedStatement[];
  /** PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary (null: no boundary detail). */
  allowedByBoundary: boolean | null;
  /** OrganizationsDecisionDetail.AllowedByOrganizations (null: no SCP detail). */
  allowedByOrganizations: boolean | null;
  /** Condition keys the simulator needed and did not get (their conditions counted as false). */
  missingContextValues: string[];
}

export interface RolePermissions {
  roleArn: string;
  /** How the CNI gets this role: "addon-service-account" | "pod-identity" | "node-role". */
  via: string;
  status: SimulationStatus;
  /** Error name and message when not checked. */
  error: string | null;
  results: ActionDecision[];
}

/** What the simulation covers, for every text that reports on it. */
export const SIMULATION_SCOPE =
  "IAM's policy simulator evaluates the role's identity policies, its permissions boundary and the organization's SCPs; it does not evaluate resource control policies (RCPs) or session policies, so a call can still be denied by those.";
