// Calls iam:SimulatePrincipalPolicy for one CNI role (adapter: the IAM client is injected).
// A role the caller may not simulate is recorded as "not-permitted", any other failure as
// "error": neither stops the inventory, and neither is read as "allowed" or "denied".
import { paginateSimulatePrincipalPolicy, type EvaluationResult, type IAMClient } from "@aws-sdk/client-iam";
import { awsErrorMessage } from "../../core/aws-error.ts";
import type { RolePermissions } from "./model.ts";
import { buildSimulationRequests, type SimulationPlace } from "./request.ts";
import { parseEvaluationResults } from "./result.ts";

const NOT_PERMITTED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"]);

/** "AccessDenied (HTTP 403): User … is not authorized …", as the fleet's errorText writes it (no import from the fleet: rules read this folder). */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return `${err.name}${status ? ` (HTTP ${status})` : ""}: ${awsErrorMessage(err.message) || "(no message)"}`;
}

export async function simulateCniRole(
  client: IAMClient,
  role: { arn: string; via: string },
  place: SimulationPlace,
): Promise<RolePermissions> {
  const results: EvaluationResult[] = [];
  try {
    for (const input of buildSimulationRequests(role.arn, place)) {
      for await (const page of paginateSimulatePrincipalPolicy({ client }, input)) results.push(...(page.EvaluationResults ?? []));
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    return { roleArn: role.arn, via: role.via, status: NOT_PERMITTED.has(name) ? "not-permitted" : "error", error: errorText(err), results: [] };
  }
  return { roleArn: role.arn, via: role.via, status: "checked", error: null, results: parseEvaluationResults(results) };
}
