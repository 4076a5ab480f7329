// A loopback CloudWatch Logs endpoint (JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`):
// DescribeLogGroups (paginated, by prefix), DescribeSubscriptionFilters and
// DescribeAccountPolicies, answering from a table of log groups and their filters.
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export interface PeerFilter {
  filterName: string;
  filterPattern: string;
  destinationArn: string;
}

export interface LogsPeer extends LoopbackServer {
  groups: Record<string, PeerFilter[]>;
  accountPolicies: Array<{ policyName: string; policyDocument: string }>;
}

const JSON_TYPE = { "content-type": "application/x-amz-json-1.1" };
const error = (type: string, message: string): Answer => ({
  status: 400,
  headers: JSON_TYPE,
  body: JSON.stringify({ __type: type, message }),
});

export async function startLogsPeer(
  groups: Record<string, PeerFilter[]>,
  region = "eu-west-1",
  account = "111122223333",
): Promise<LogsPeer> {
  const accountPolicies: LogsPeer["accountPolicies"] = [];
  const server = await startLoopbackServer((req) => {
    const op = String(req.headers["x-amz-target"] ?? "").replace("Logs_20140328.", "");
    const input = JSON.parse(req.body || "{}") as Record<string, string | undefined>;
    const ok = (out: unknown): Answer => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify(out) });
    if (op === "DescribeLogGroups") {
      const names = Object.keys(groups)
        .filter((n) => n.startsWith(input.logGroupNamePrefix ?? ""))
        .sort();
      const start = Number(input.nextToken ?? 0);
      const page = names.slice(start, start + 2);
      return ok({
        logGroups: page.map((n) => ({ logGroupName: n, arn: `arn:aws:logs:${region}:${account}:log-group:${n}:*` })),
        ...(start + 2 < names.length ? { nextToken: String(start + 2) } : {}),
      });
    }
    if (op === "DescribeSubscriptionFilters") {
      const filters = groups[input.logGroupName ?? ""];
      if (!filters) return error("ResourceNotFoundException", "The specified log group does not exist.");
      return ok({ subscriptionFilters: filters.map((f) => ({ ...f, logGroupName: input.logGroupName, distribution: "ByLogStream" })) });
    }
    if (op === "DescribeAccountPolicies") {
      return ok({
        accountPolicies: accountPolicies.map((p) => ({ ...p, policyType: input.policyType, scope: "ALL", accountId: account })),
      });
    }
    return error("UnknownOperationException", op);
  });
  return Object.assign(server, { groups, accountPolicies });
}
