// Reads SimulatePrincipalPolicy's EvaluationResults into ActionDecisions: the decision, and
// which layer denied (an SCP, the permissions boundary, or the role's own policies), from
// OrganizationsDecisionDetail and PermissionsBoundaryDecisionDetail.
import type { EvaluationResult } from "@aws-sdk/client-iam";
import type { ActionDecision, DeniedBy, EvalDecision } from "./model.ts";

const DECISIONS: readonly EvalDecision[] = ["allowed", "explicitDeny", "implicitDeny"];

function decisionOf(v: string | undefined): EvalDecision {
  // An unknown value is read as a denial: the safe side for a permission check.
  return DECISIONS.includes(v as EvalDecision) ? (v as EvalDecision) : "implicitDeny";
}

function deniedBy(decision: EvalDecision, org: boolean | null, boundary: boolean | null): DeniedBy | null {
  if (decision === "allowed") return null;
  if (org === false) return "organizations";
  if (boundary === false) return "boundary";
  return "identity";
}

export function parseEvaluationResult(r: EvaluationResult): ActionDecision {
  const decision = decisionOf(r.EvalDecision);
  const org = r.OrganizationsDecisionDetail?.AllowedByOrganizations ?? null;
  const boundary = r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary ?? null;
  return {
    action: r.EvalActionName ?? "",
    resource: r.EvalResourceName ?? "*",
    decision,
    deniedBy: deniedBy(decision, org, boundary),
    matchedStatements: (r.MatchedStatements ?? []).map((s) => ({
      sourcePolicyId: s.SourcePolicyId ?? null,
      sourcePolicyType: s.SourcePolicyType ?? null,
    })),
    allowedByBoundary: boundary,
    allowedByOrganizations: org,
    missingContextValues: [...(r.MissingContextValues ?? [])],
  };
}

export function parseEvaluationResults(results: readonly EvaluationResult[]): ActionDecision[] {
  return results.map(parseEvaluationResult).filter((d) => d.action !== "");
}
