// A loopback Security Hub speaking the REST JSON protocol the SDK uses: POST /findings/import
// (BatchImportFindings) and POST /findings (GetFindings). It keeps findings by product ARN and
// Id and applies what Security Hub documents for a custom integration: the default product ARN
// of the calling account, AwsAccountId equal to that account, the required ASFF fields, an
// import of an existing Id updates that finding, Workflow NEW on creation, RESOLVED when the
// record is archived, NEW again when it becomes active. `failImports` makes the next imports
// come back in FailedFindings; `queue` scripts whole answers (HTTP errors, hang-ups).
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export type Finding = Record<string, unknown> & { Id: string; ProductArn: string };

export interface SecurityHubPeer extends LoopbackServer {
  /** Findings as Security Hub holds them, by `${ProductArn}|${Id}`. */
  findings: Map<string, Finding>;
  /** Each import request's findings, in order. */
  imports: Finding[][];
  /** The next N findings imported fail with this ErrorCode. */
  failImports: { code: string; count: number } | null;
  /** GetFindings page size (Security Hub's MaxResults caps it too). */
  pageSize: number;
}

const REQUIRED = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt", "Title", "Description", "Resources"];

export function securityHubError(status: number, code: string, message = code): Answer {
  return { status, headers: { "content-type": "application/json", "x-amzn-errortype": code }, body: JSON.stringify({ Code: code, Message: message }) };
}

const json = (body: unknown): Answer => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

type Filter = { Value?: string; Comparison?: string };

function matches(f: Finding, filters: Record<string, Filter[]>): boolean {
  return Object.entries(filters).every(([field, list]) =>
    list.some((c) => {
      const v = String(f[field] ?? "");
      if (c.Comparison === "EQUALS") return v === c.Value;
      if (c.Comparison === "PREFIX") return v.startsWith(c.Value ?? "");
      throw new Error(`peer: unsupported comparison ${c.Comparison} on ${field}`);
    }),
  );
}

export async function startSecurityHubPeer(opts: { account: string; region: string }): Promise<SecurityHubPeer> {
  const findings = new Map<string, Finding>();
  const imports: Finding[][] = [];
  const productArn = `arn:aws:securityhub:${opts.region}:${opts.account}:product/${opts.account}/default`;
  // Filled in once the server listens; the handlers read the test's settings from it.
  let peer: SecurityHubPeer;

  function importOne(f: Finding): string | null {
    if (peer.failImports && peer.failImports.count > 0) {
      peer.failImports.count--;
      return peer.failImports.code;
    }
    if (REQUIRED.some((k) => f[k] === undefined)) return "InvalidInput";
    if (f.ProductArn !== productArn || f.AwsAccountId !== opts.account) return "AccessDeniedException";
    if (JSON.stringify(f).length > 240 * 1024) return "InvalidInput";
    const key = `${f.ProductArn}|${f.Id}`;
    const before = findings.get(key);
    const state = (f.RecordState as string | undefined) ?? "ACTIVE";
    let workflow = (before?.Workflow as { Status: string } | undefined)?.Status ?? "NEW";
    if (before && before.RecordState !== state) {
      if (state === "ARCHIVED" && (workflow === "NEW" || workflow === "NOTIFIED")) workflow = "RESOLVED";
      if (state === "ACTIVE" && (workflow === "RESOLVED" || workflow === "NOTIFIED")) workflow = "NEW";
    }
    const provider = f.FindingProviderFields as { Severity?: unknown; Types?: unknown } | undefined;
    findings.set(key, {
      ...f,
      RecordState: state,
      Workflow: { Status: workflow },
      WorkflowState: workflow,
      Severity: before?.Severity ?? f.Severity ?? provider?.Severity,
      Types: before?.Types ?? f.Types ?? provider?.Types,
      ProductFields: { ...(f.ProductFields as object), "aws/securityhub/FindingId": `${productArn}/${f.Id}`, "aws/securityhub/ProductName": "Default" },
      ProcessedAt: new Date().toISOString(),
      Region: opts.region,
      CompanyName: "Personal",
      ProductName: "Default",
    });
    return null;
  }

  const server = await startLoopbackServer((req) => {
    const body = JSON.parse(req.body || "{}") as Record<string, unknown>;
    if (req.method === "POST" && req.path === "/findings/import") {
      const list = (body.Findings ?? []) as Finding[];
      if (list.length < 1 || list.length > 100) return securityHubError(400, "InvalidInputException", "Findings: 1 to 100 items");
      imports.push(list);
      const failed = list.flatMap((f) => {
        const code = importOne(f);
        return code ? [{ Id: f.Id, ErrorCode: code, ErrorMessage: `finding ${f.Id} not imported` }] : [];
      });
      return json({ FailedCount: failed.length, SuccessCount: list.length - failed.length, FailedFindings: failed });
    }
    if (req.method === "POST" && req.path === "/findings") {
      const all = [...findings.values()].filter((f) => matches(f, (body.Filters ?? {}) as Record<string, Filter[]>));
      const from = Number(body.NextToken ?? 0);
      const size = Math.min(peer.pageSize, Number(body.MaxResults ?? 100));
      const page = all.slice(from, from + size);
      return json({ Findings: page, ...(from + size < all.length ? { NextToken: String(from + size) } : {}) });
    }
    return securityHubError(404, "ResourceNotFoundException", `no route ${req.method} ${req.path}`);
  });
  peer = Object.assign(server, { findings, imports, failImports: null, pageSize: 100 });
  return peer;
}
