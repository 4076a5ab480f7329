// A loopback IAM endpoint for iam:SimulatePrincipalPolicy, speaking the Query protocol the SDK
// uses: form-encoded POST in, XML out (SimulatePrincipalPolicyResponse or ErrorResponse). Each
// role is a small policy model (identity statements, an optional permissions boundary, SCP
// denies) evaluated the way the simulator does: explicit deny wins, an allow needs the
// identity policy and the boundary, a resource not given is "*", and a condition key not
// given is reported in MissingContextValues and counts as false.
import { randomUUID } from "node:crypto";
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export interface PeerStatement {
  effect: "Allow" | "Deny";
  /** "ec2:DescribeSubnets", "ec2:Describe*", "ec2:*". */
  actions: string[];
  /** Glob, default "*". */
  resource?: string;
  /** StringEquals on one key. */
  condition?: { key: string; values: string[] };
  policyId: string;
  policyType?: "role" | "aws-managed" | "user-managed" | "none";
}

export interface PeerRole {
  identity: PeerStatement[];
  /** When set, an action is allowed only if the boundary allows it too. */
  boundary?: PeerStatement[];
  /** Deny statements of the organization's SCPs. */
  scp?: PeerStatement[];
  /** The caller may not simulate this role. */
  accessDenied?: boolean;
}

export interface SimulateRequest {
  policySourceArn: string;
  actionNames: string[];
  resourceArns: string[];
  context: Record<string, string[]>;
  marker: string | null;
}

export interface IamPeer extends LoopbackServer {
  simulations: SimulateRequest[];
}

const XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function iamError(status: number, code: string, message: string): Answer {
  return {
    status,
    headers: { "content-type": "text/xml" },
    body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

function members(form: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${prefix}.member.${i}`); i++) out.push(form.get(`${prefix}.member.${i}`)!);
  return out;
}

function parseSimulate(form: URLSearchParams): SimulateRequest {
  const context: Record<string, string[]> = {};
  for (let i = 1; form.has(`ContextEntries.member.${i}.ContextKeyName`); i++) {
    const p = `ContextEntries.member.${i}`;
    context[form.get(`${p}.ContextKeyName`)!.toLowerCase()] = members(form, `${p}.ContextKeyValues`);
  }
  return {
    policySourceArn: form.get("PolicySourceArn") ?? "",
    actionNames: members(form, "ActionNames"),
    resourceArns: members(form, "ResourceArns"),
    context,
    marker: form.get("Marker"),
  };
}

const glob = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i").test(value);

interface Match {
  statements: PeerStatement[];
  missing: string[];
}

/** Statements of `effect` that apply to (action, resource) given the context. */
function matching(statements: PeerStatement[] | undefined, effect: "Allow" | "Deny", action: string, resource: string, ctx: SimulateRequest["context"]): Match {
  const out: Match = { statements: [], missing: [] };
  for (const s of statements ?? []) {
    if (s.effect !== effect || !s.actions.some((a) => glob(a, action)) || !glob(s.resource ?? "*", resource)) continue;
    if (s.condition) {
      const given = ctx[s.condition.key.toLowerCase()];
      if (!given) {
        out.missing.push(s.condition.key);
        continue;
      }
      if (!given.some((g) => s.condition!.values.includes(g))) continue;
    }
    out.statements.push(s);
  }
  return out;
}

function evaluate(role: PeerRole, action: string, resource: string, ctx: SimulateRequest["context"]): string {
  const scpDeny = matching(role.scp, "Deny", action, resource, ctx);
  const deny = matching(role.identity, "Deny", action, resource, ctx);
  const allow = matching(role.identity, "Allow", action, resource, ctx);
  const boundaryAllow = role.boundary ? matching(role.boundary, "Allow", action, resource, ctx) : null;
  const org = scpDeny.statements.length === 0;
  const inBoundary = boundaryAllow === null || boundaryAllow.statements.length > 0;
  let decision = "implicitDeny";
  let matched: PeerStatement[] = [];
  if (!org) [decision, matched] = ["explicitDeny", scpDeny.statements];
  else if (deny.statements.length > 0) [decision, matched] = ["explicitDeny", deny.statements];
  else if (allow.statements.length > 0 && inBoundary) [decision, matched] = ["allowed", allow.statements];
  const missing = [...new Set([...scpDeny.missing, ...deny.missing, ...allow.missing, ...(boundaryAllow?.missing ?? [])])];
  const stmt = (s: PeerStatement) =>
    `<member><SourcePolicyId>${esc(s.policyId)}</SourcePolicyId><SourcePolicyType>${s.policyType ?? "role"}</SourcePolicyType><StartPosition><Line>1</Line><Column>1</Column></StartPosition><EndPosition><Line>1</Line><Column>80</Column></EndPosition></member>`;
  return (
    `<member><EvalActionName>${esc(action)}</EvalActionName><EvalResourceName>${esc(resource)}</EvalResourceName><EvalDecision>${decision}</EvalDecision>` +
    `<MatchedStatements>${matched.map(stmt).join("")}</MatchedStatements>` +
    `<MissingContextValues>${missing.map((m) => `<member>${esc(m)}</member>`).join("")}</MissingContextValues>` +
    (role.scp ? `<OrganizationsDecisionDetail><AllowedByOrganizations>${org}</AllowedByOrganizations></OrganizationsDecisionDetail>` : "") +
    (role.boundary ? `<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>${inBoundary}</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>` : "") +
    `<EvalDecisionDetails/><ResourceSpecificResults/></member>`
  );
}

/** Every EC2 action allowed: the answer of a fleet whose CNI roles are not under test. */
export const ALLOW_EC2: PeerRole = { identity: [{ effect: "Allow", actions: ["ec2:*"], policyId: "allow-ec2" }] };

/**
 * The answer to one SimulatePrincipalPolicy form (also used by the fleet tests' EKS server).
 * `roles` by ARN, or a function of the ARN; `pageSize` results per page (IsTruncated/Marker).
 */
export function answerSimulate(
  roles: Record<string, PeerRole> | ((arn: string) => PeerRole | undefined),
  form: URLSearchParams,
  opts: { pageSize?: number; simulations?: SimulateRequest[] } = {},
): Answer {
  if (form.get("Action") !== "SimulatePrincipalPolicy") return iamError(400, "InvalidAction", `unsupported action ${form.get("Action")}`);
  const sim = parseSimulate(form);
  opts.simulations?.push(sim);
  const role = typeof roles === "function" ? roles(sim.policySourceArn) : roles[sim.policySourceArn];
  if (role?.accessDenied) {
    return iamError(403, "AccessDenied", `User: arn:aws:sts::111122223333:assumed-role/cni-auditor-member/fleet is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${sim.policySourceArn}`);
  }
  if (!role) return iamError(404, "NoSuchEntity", `The role with name ${sim.policySourceArn.split("/").pop()} cannot be found.`);
  if (sim.actionNames.length === 0) return iamError(400, "ValidationError", "ActionNames must not be empty");
  const resources = sim.resourceArns.length > 0 ? sim.resourceArns : ["*"];
  const all = sim.actionNames.flatMap((a) => resources.map((r) => evaluate(role, a, r, sim.context)));
  const start = sim.marker ? Number(sim.marker) : 0;
  const size = opts.pageSize ?? all.length;
  const truncated = start + size < all.length;
  return {
    status: 200,
    headers: { "content-type": "text/xml" },
    body:
      `<SimulatePrincipalPolicyResponse xmlns="${XMLNS}"><SimulatePrincipalPolicyResult><IsTruncated>${truncated}</IsTruncated>` +
      (truncated ? `<Marker>${start + size}</Marker>` : "") +
      `<EvaluationResults>${all.slice(start, start + size).join("")}</EvaluationResults></SimulatePrincipalPolicyResult>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
  };
}

export async function startIamPeer(roles: Record<string, PeerRole>, opts: { pageSize?: number } = {}): Promise<IamPeer> {
  const simulations: SimulateRequest[] = [];
  const server = await startLoopbackServer((req) => answerSimulate(roles, new URLSearchParams(req.body), { ...opts, simulations }));
  return Object.assign(server, { simulations });
}
