// Security Hub: each alert is one finding (shared/output/asff.ts builds it; its Id is the dedup
// key, so a window's update, or the next window, replaces the finding instead of adding one).
// A closed window's update is imported ARCHIVED, unless a newer window already owns the finding;
// the sweep archives the findings whose window closed with nothing more to report. Security Hub
// sets the workflow of an archived finding to RESOLVED, and back to NEW when it is active again.
// A finding Security Hub did not take (FailedFindings) is a retryable failure: the alert stays
// pending for this sink (the delivery layer), never lost.
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type BatchImportFindingsCommandInput,
  type SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { SinkDeliveryError } from "../errors.ts";
import { asffFinding, asffId, defaultProductArn, type Importer } from "../output/asff.ts";
import { PRODUCT } from "../output/product.ts";
import type { Severity } from "../types.ts";
import { describeAwsError, isRetryableAwsError } from "./aws-errors.ts";
import type { AlertSink, Delivery } from "./sink.ts";

/** The ProductFields key holding when the finding's window closes (ISO-8601). */
export const WINDOW_ENDS = "cni-auditor/windowEnds";
/** BatchImportFindings takes at most 100 findings per request. */
const IMPORT_BATCH = 100;

/** True for an update sent because its window closed (not for a severity rise in an open one). */
const closesWindow = (d: Delivery): boolean => d.kind === "update" && d.risenFrom === undefined;

/** The BatchImportFindings input for one delivery. */
export function buildSecurityHubImport(delivery: Delivery, importer: Importer): BatchImportFindingsCommandInput {
  const windowEnds = delivery.windowEndMs === undefined ? undefined : new Date(delivery.windowEndMs).toISOString();
  const finding = asffFinding(delivery.alert, { importer, archived: closesWindow(delivery), ...(windowEnds ? { windowEnds } : {}) });
  // With an importer a finding is always built; the guard keeps the types honest.
  if (!finding) throw new SinkDeliveryError("securityhub", "no finding for this alert", { retryable: false });
  return { Findings: [finding as unknown as AwsSecurityFinding] };
}

/**
 * The finding as read back, archived: fields Security Hub owns or the customer sets (workflow,
 * notes, Security Hub's own ProductFields) left out, UpdatedAt moved to `nowIso`.
 */
export function archivedCopy(f: AwsSecurityFinding, nowIso: string): AwsSecurityFinding {
  const { ProcessedAt: _p, Workflow: _w, WorkflowState: _ws, Note: _n, UserDefinedFields: _u, VerificationState: _v, CompanyName: _c, ProductName: _pn, Region: _r, ...rest } = f;
  const fields = Object.fromEntries(Object.entries(f.ProductFields ?? {}).filter(([k]) => !k.startsWith("aws/")));
  return { ...rest, ProductFields: fields, RecordState: "ARCHIVED", UpdatedAt: nowIso } as AwsSecurityFinding;
}

export interface SecurityHubSinkOptions {
  minSeverity: Severity;
  client: SecurityHubClient;
  /** The account and region whose Security Hub this sink calls (findings live there). */
  importer: Importer;
}

export function securityHubSink(opts: SecurityHubSinkOptions): AlertSink {
  const productArn = defaultProductArn(opts.importer);
  const fail = (what: string, e: unknown): never => {
    throw new SinkDeliveryError("securityhub", describeAwsError(what, e), { retryable: isRetryableAwsError(e), cause: e });
  };

  async function importFindings(input: BatchImportFindingsCommandInput): Promise<void> {
    const out = await opts.client.send(new BatchImportFindingsCommand(input)).catch((e: unknown) => fail("BatchImportFindings", e));
    const failed = out.FailedFindings ?? [];
    if ((out.FailedCount ?? failed.length) > 0 || failed.length > 0) {
      // The error code is Security Hub's token; its message may quote finding text, so it is left out.
      const codes = [...new Set(failed.map((f) => (/^[A-Za-z]{1,64}$/.test(f.ErrorCode ?? "") ? f.ErrorCode : "unknown")))].join(", ");
      throw new SinkDeliveryError("securityhub", `${out.FailedCount ?? failed.length} finding(s) not imported (${codes || "no reason given"})`, { retryable: true });
    }
  }

  async function findings(filters: AwsSecurityFindingFilters, each: (f: AwsSecurityFinding[]) => Promise<void>): Promise<void> {
    let token: string | undefined;
    do {
      const out = await opts.client.send(new GetFindingsCommand({ Filters: filters, MaxResults: 100, ...(token ? { NextToken: token } : {}) })).catch((e: unknown) => fail("GetFindings", e));
      await each(out.Findings ?? []);
      token = out.NextToken;
    } while (token);
  }

  const ours = { ProductArn: [{ Value: productArn, Comparison: "EQUALS" as const }], GeneratorId: [{ Value: `${PRODUCT.name}/`, Comparison: "PREFIX" as const }] };

  return {
    name: "securityhub",
    minSeverity: opts.minSeverity,
    async send(delivery) {
      const input = buildSecurityHubImport(delivery, opts.importer);
      if (closesWindow(delivery)) {
        // A retried update of an older window must not overwrite (and archive) a newer window's finding.
        let newer = false;
        await findings({ ...ours, Id: [{ Value: asffId(delivery.alert.dedupKey), Comparison: "EQUALS" }] }, async (found) => {
          newer ||= found.some((f) => (f.FirstObservedAt ?? "") > delivery.alert.firstSeen);
        });
        if (newer) return;
      }
      await importFindings(input);
    },
    async sweep(nowMs) {
      const nowIso = new Date(nowMs).toISOString();
      // Read every page first: archiving while paging would shift the ACTIVE set under the token.
      const closed: AwsSecurityFinding[] = [];
      await findings({ ...ours, RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" }] }, async (found) => {
        for (const f of found) {
          const ends = Date.parse(f.ProductFields?.[WINDOW_ENDS] ?? "");
          if (Number.isFinite(ends) && ends <= nowMs) closed.push(f);
        }
      });
      let done = 0;
      for (let i = 0; i < closed.length; i += IMPORT_BATCH) {
        const batch = closed.slice(i, i + IMPORT_BATCH);
        await importFindings({ Findings: batch.map((f) => archivedCopy(f, nowIso)) });
        done += batch.length;
      }
      return { done };
    },
  };
}
