// The Security Hub sink through the real SDK client against a loopback Security Hub (REST JSON).
import { readFileSync } from "node:fs";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SinkDeliveryError } from "../../../shared/errors.ts";
import { readSinkSettings, sinksFromEnv } from "../../../shared/sinks/index.ts";
import { securityHubSink } from "../../../shared/sinks/securityhub.ts";
import type { AlertSink, Delivery } from "../../../shared/sinks/sink.ts";
import type { Alert } from "../../../shared/types.ts";
import { FAKE_CREDENTIALS, securityHubError, startSecurityHubPeer, type Finding, type SecurityHubPeer } from "../../helpers/peers/index.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const validAsff = addFormats(new Ajv({ strict: true, strictRequired: false })).compile(JSON.parse(readFileSync("test/schemas/asff-2018-10-08.schema.json", "utf8")));

const ACCOUNT = "444455556666";
const REGION = "eu-central-1";
const T = (m: number) => new Date(Date.parse("2026-03-01T02:00:00Z") + m * 60_000).toISOString();
const alert: Alert = {
  rule: "eni-unauthorized",
  severity: "high",
  title: "The VPC CNI is calling EC2 with the node's instance role and is denied — 50 calls",
  cluster: "orders-prod",
  account: ACCOUNT,
  region: REGION,
  dedupKey: `${ACCOUNT}|${REGION}|eni-unauthorized|arn:aws:iam::${ACCOUNT}:role/orders-prod-ng-role`,
  count: 50,
  firstSeen: T(0),
  lastSeen: T(25),
  facts: {},
  knownIssues: [],
  remediation: "- **Fix:** annotate the service account",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/issues/1454"],
  samples: [],
};
const HOUR_END = Date.parse(T(60));
const open = (a: Alert = alert, windowEndMs = HOUR_END): Delivery => ({ alert: a, kind: "open", previouslyReported: 0, windowEndMs });
const closed = (a: Alert, reported: number, windowEndMs = HOUR_END): Delivery => ({ alert: a, kind: "update", previouslyReported: reported, windowEndMs });

let hub: SecurityHubPeer;
let sink: AlertSink;
const only = (): Finding => {
  expect(hub.findings.size).toBe(1);
  return [...hub.findings.values()][0]!;
};

beforeAll(async () => {
  hub = await startSecurityHubPeer({ account: ACCOUNT, region: REGION });
});
afterAll(() => hub.close());
beforeEach(() => {
  hub.findings.clear();
  hub.imports.length = 0;
  hub.failImports = null;
  hub.pageSize = 100;
  const client = new SecurityHubClient({ endpoint: hub.url, region: REGION, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
  sink = securityHubSink({ minSeverity: "low", client, importer: { account: ACCOUNT, region: REGION } });
});

async function failure(p: Promise<unknown>): Promise<SinkDeliveryError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SinkDeliveryError);
  return e as SinkDeliveryError;
}

describe("Security Hub sink", () => {
  it("imports one ASFF finding: the dedup key as Id, severity through FindingProviderFields, the default product", async () => {
    await sink.send(open());
    const sent = hub.imports[0]![0]!;
    expect(validAsff(sent), JSON.stringify(validAsff.errors)).toBe(true);
    expect([sent.Id, sent.AwsAccountId, sent.ProductArn]).toEqual([alert.dedupKey, ACCOUNT, `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`]);
    expect(sent.FindingProviderFields).toMatchObject({ Severity: { Label: "HIGH", Original: "high" } });
    expect(sent.Severity).toBeUndefined(); // the customer's to change; Security Hub copies the provider's
    expect((sent.ProductFields as Record<string, string>)["cni-auditor/windowEnds"]).toBe(T(60));
    const held = only();
    expect([held.RecordState, held.Workflow, held.Severity]).toEqual(["ACTIVE", { Status: "NEW" }, { Label: "HIGH", Original: "high" }]);
  });

  it("a window's update replaces its finding; the close archives it (workflow RESOLVED); the next window reopens it", async () => {
    await sink.send(open());
    await sink.send({ alert: { ...alert, severity: "critical", count: 80 }, kind: "update", previouslyReported: 50, risenFrom: "high", windowEndMs: HOUR_END });
    expect([only().RecordState, (only().ProductFields as Record<string, string>)["cni-auditor/count"]]).toEqual(["ACTIVE", "80"]);
    expect(only().FindingProviderFields).toMatchObject({ Severity: { Label: "CRITICAL" } });
    await sink.send(closed({ ...alert, count: 120, lastSeen: T(59) }, 80));
    expect([only().RecordState, only().Workflow]).toEqual(["ARCHIVED", { Status: "RESOLVED" }]);
    await sink.send(open({ ...alert, count: 1, firstSeen: T(90), lastSeen: T(90) }, Date.parse(T(150))));
    expect([only().RecordState, only().Workflow, only().FirstObservedAt]).toEqual(["ACTIVE", { Status: "NEW" }, T(90)]);
  });

  it("a late retry of an older window's close leaves the newer window's finding alone", async () => {
    await sink.send(open({ ...alert, count: 1, firstSeen: T(90), lastSeen: T(90) }, Date.parse(T(150))));
    await sink.send(closed({ ...alert, count: 120 }, 50));
    expect([only().RecordState, only().FirstObservedAt, hub.imports.length]).toEqual(["ACTIVE", T(90), 1]);
  });

  it("the sweep archives the findings whose window has closed, and only those, page after page", async () => {
    hub.pageSize = 2;
    for (let i = 0; i < 5; i++) await sink.send(open({ ...alert, dedupKey: `k${i}` }, Date.parse(T(i < 3 ? 60 : 180))));
    const { done } = await sink.sweep!(Date.parse(T(61)));
    expect(done).toBe(3);
    const state = Object.fromEntries([...hub.findings.values()].map((f) => [f.Id, [f.RecordState, (f.Workflow as { Status: string }).Status]]));
    expect(state).toEqual({ k0: ["ARCHIVED", "RESOLVED"], k1: ["ARCHIVED", "RESOLVED"], k2: ["ARCHIVED", "RESOLVED"], k3: ["ACTIVE", "NEW"], k4: ["ACTIVE", "NEW"] });
    for (const batch of hub.imports.slice(5)) for (const f of batch) expect(Object.keys(f.ProductFields as object).filter((k) => k.startsWith("aws/"))).toEqual([]);
    expect((await sink.sweep!(Date.parse(T(61)))).done).toBe(0);
  });

  it("FailedFindings and 5xx are retryable failures (the alert stays pending); the error says the code, not the text", async () => {
    hub.failImports = { code: "InternalException", count: 1 };
    const e = await failure(sink.send(open()));
    expect([e.retryable, e.message]).toEqual([true, "securityhub: 1 finding(s) not imported (InternalException)"]);
    expect(hub.findings.size).toBe(0);
    hub.queue.push(securityHubError(500, "InternalException"));
    expect((await failure(sink.send(open()))).retryable).toBe(true);
    hub.queue.push(securityHubError(403, "AccessDeniedException"));
    expect((await failure(sink.send(open()))).retryable).toBe(false);
    await sink.send(open());
    expect(only().RecordState).toBe("ACTIVE");
  });

  it("central mode: an alert about another account is imported into this one, naming the cluster where it is", async () => {
    const member = { ...alert, account: "777788889999", region: "eu-west-1", dedupKey: "777788889999|eu-west-1|eni-unauthorized|r" };
    await sink.send(open(member));
    const f = only();
    expect([f.AwsAccountId, f.ProductArn]).toEqual([ACCOUNT, `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`]);
    expect(f.Resources).toEqual([{ Type: "AwsEksCluster", Id: "arn:aws:eks:eu-west-1:777788889999:cluster/orders-prod", Partition: "aws", Region: "eu-west-1" }]);
    expect((f.ProductFields as Record<string, string>)["cni-auditor/account"]).toBe("777788889999");
  });
});

describe("Security Hub settings", () => {
  it("off unless the stack names the importing account; its code loads on first send", async () => {
    expect(readSinkSettings({}).securityhub).toBeNull();
    expect(readSinkSettings({ SECURITY_HUB_ACCOUNT: ACCOUNT, AWS_REGION: REGION }).securityhub).toEqual({ account: ACCOUNT, region: REGION, minSeverity: "low" });
    expect(() => readSinkSettings({ SECURITY_HUB_ACCOUNT: "4444" })).toThrow(/SECURITY_HUB_ACCOUNT: "4444" is not a 12-digit account id/);
    const client = new SecurityHubClient({ endpoint: hub.url, region: REGION, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    const [lazy] = sinksFromEnv({ SECURITY_HUB_ACCOUNT: ACCOUNT, SECURITY_HUB_REGION: REGION, SECURITY_HUB_MIN_SEVERITY: "medium" }, { securityHub: client });
    expect([lazy!.name, lazy!.minSeverity]).toEqual(["securityhub", "medium"]);
    await lazy!.send(open());
    expect(only().Id).toBe(alert.dedupKey);
  });
});

describe("Security Hub through the delivery layer", () => {
  it("a finding Security Hub refused stays pending for this sink alone, and goes out on the next attempt", async () => {
    const { MemoryStore } = await import("../../../shared/store/memory-store.ts");
    const { deliverDue, silentLog } = await import("../../../shared/delivery/index.ts");
    const { finding, HOUR, T0 } = await import("../../integration/lambda/store-contract.ts");
    const store = new MemoryStore();
    const due = await store.apply([finding(0, "k1", { severity: "high" })], { batchId: "b", windowMs: HOUR });
    let now = T0;
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    const other: AlertSink & { got: number } = { name: "sns", minSeverity: "info", got: 0, send: async () => void other.got++ };
    const ctx = () => ({
      store,
      sinks: [sink, other],
      render: (f: import("../../../shared/types.ts").FoldedAlert): Alert => ({ ...alert, dedupKey: f.dedupKey, count: f.count, severity: f.severity, firstSeen: new Date(f.firstSeenMs).toISOString(), lastSeen: new Date(f.lastSeenMs).toISOString() }),
      clock,
      log: silentLog,
      owner: `inv-${now}`,
      asOfMs: 0,
      leaseUntilMs: now + 10_000,
      retry: { deadlineMs: now + 10_000, random: () => 0.5 },
    });
    hub.failImports = { code: "InternalException", count: 1_000 };
    const first = await deliverDue(due, ctx());
    expect(first.failures.map((f) => f.sink)).toEqual(["securityhub"]);
    expect([other.got, hub.findings.size]).toEqual([1, 0]);
    const owed = await store.pending(now);
    expect(owed.map((d) => [d.alert.dedupKey, d.sent])).toEqual([["k1", { sns: 1 }]]);
    hub.failImports = null;
    const second = await deliverDue(owed, ctx());
    expect([second.failures, second.sent.map((s) => s.sink), other.got]).toEqual([[], ["securityhub"], 1]);
    expect([only().Id, only().RecordState]).toEqual(["k1", "ACTIVE"]);
    expect(await store.pending(now)).toEqual([]);
  });
});
